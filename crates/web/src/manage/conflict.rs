//! STUB — to be replaced: the conflict page shown when a save lost an optimistic-lock race.
