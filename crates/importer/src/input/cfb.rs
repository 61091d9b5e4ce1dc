//! A check of an OLE compound file (the container of .xls) before calamine reads it: its
//! sector chains must end. calamine 0.38 follows a chain until its end marker, so a damaged
//! file whose chain loops back makes it allocate without bound (a 6 KB file asked for 4 GB
//! in the stress test); here a loop, or a link past the end of the file, is refused first.

/// Values of a FAT entry at or above this one are markers (end of chain, free…), not links.
const MARKERS: u32 = 0xFFFF_FFFA;
const END_OF_CHAIN: u32 = 0xFFFF_FFFE;

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    bytes.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The sector `id` of a file with sectors of `size` bytes (the header takes the first).
fn sector(bytes: &[u8], size: usize, id: u32) -> Option<&[u8]> {
    let start = (id as usize).checked_add(1)?.checked_mul(size)?;
    bytes.get(start..start.checked_add(size)?)
}

fn entries(sector: &[u8]) -> impl Iterator<Item = u32> + '_ {
    sector.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Follows a chain through `table`, at most `table.len()` links: the sectors it visits, or
/// `None` when it loops or points outside the table.
fn chain(table: &[u32], start: u32) -> Option<Vec<u32>> {
    let mut out = Vec::new();
    let mut id = start;
    while id < MARKERS {
        if out.len() > table.len() {
            return None;
        }
        out.push(id);
        id = *table.get(id as usize)?;
    }
    (id == END_OF_CHAIN || out.is_empty()).then_some(out)
}

/// True when every chain in `table` ends: no link points outside it, none loops.
fn acyclic(table: &[u32]) -> bool {
    // 0: not seen, 1: on the current path, 2: known to end.
    let mut state = vec![0u8; table.len()];
    for first in 0..table.len() {
        let mut path = Vec::new();
        let mut id = first;
        loop {
            match state[id] {
                2 => break,
                1 => return false,
                _ => {}
            }
            state[id] = 1;
            path.push(id);
            let next = table[id];
            if next >= MARKERS {
                break;
            }
            if next as usize >= table.len() {
                return false;
            }
            id = next as usize;
        }
        for p in path {
            state[p] = 2;
        }
    }
    true
}

/// Why a compound file cannot be read safely, or `None` when its chains are sound.
pub(crate) fn problem(bytes: &[u8]) -> Option<&'static str> {
    let shift = bytes.get(30..32).map(|b| u16::from_le_bytes([b[0], b[1]]))?;
    if shift != 9 && shift != 12 {
        return Some("unknown sector size");
    }
    let size = 1usize << shift;
    let sectors = u32::try_from(bytes.len() / size).unwrap_or(u32::MAX);
    // The FAT's own sectors: 109 listed in the header, then a DIFAT chain.
    let mut fat_sectors: Vec<u32> =
        (0..109).filter_map(|i| u32_at(bytes, 76 + 4 * i)).filter(|&s| s < MARKERS).collect();
    let mut difat = u32_at(bytes, 68)?;
    let mut hops = 0;
    while difat < MARKERS {
        hops += 1;
        if hops > sectors {
            return Some("the sector allocation table loops");
        }
        let Some(s) = sector(bytes, size, difat) else { return Some("a sector lies past the end of the file") };
        let mut list: Vec<u32> = entries(s).collect();
        difat = list.pop().unwrap_or(END_OF_CHAIN);
        fat_sectors.extend(list.into_iter().filter(|&s| s < MARKERS));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        let Some(s) = sector(bytes, size, id) else { return Some("a sector lies past the end of the file") };
        fat.extend(entries(s));
    }
    fat.truncate(sectors as usize);
    let fat: Vec<u32> = fat.into_iter().map(|n| if n < MARKERS && n >= sectors { u32::MAX - 1 } else { n }).collect();
    if !acyclic(&fat) {
        return Some("a chain of sectors loops");
    }
    let Some(mini_sectors) = u32_at(bytes, 60).and_then(|start| chain(&fat, start)) else {
        return Some("the mini allocation table is damaged");
    };
    let mut mini = Vec::new();
    for id in mini_sectors {
        mini.extend(sector(bytes, size, id).map(|s| entries(s).collect::<Vec<_>>()).unwrap_or_default());
    }
    (!acyclic(&mini)).then_some("a chain of mini sectors loops")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loops_and_dangling_links_are_found() {
        assert!(acyclic(&[1, END_OF_CHAIN, 0xFFFF_FFFF]));
        assert!(!acyclic(&[1, 0]));
        assert!(!acyclic(&[5]));
        assert_eq!(chain(&[1, END_OF_CHAIN], 0), Some(vec![0, 1]));
        assert_eq!(chain(&[1, 0], 0), None);
    }
}
