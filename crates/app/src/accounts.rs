//! Staff accounts and sessions: creating and administering users (argon2id hashes), login
//! with throttling (per client and per account), server-side sessions with a CSRF token,
//! logout. Every account change and every login outcome writes an audit row.

use crate::access::{require_admin, Actor};
use crate::audit;
use crate::auth::password::{check_password_policy, hash_password, verify_password};
use crate::auth::throttle::Throttle;
use crate::auth::token::{random_token, token_hash};
use crate::error::{AppError, LoginFailure, Result};
use hoshin_domain::*;
use hoshin_store::{Read, Store};
use std::time::{Duration, Instant};

/// How long a session lasts from login.
pub const SESSION_HOURS: i64 = 10;
/// Consecutive failures on one account before it is locked for a while.
pub const ACCOUNT_LOCK_AFTER: i64 = 5;
/// The first lock; it doubles with each further failure, up to a day.
pub const ACCOUNT_LOCK_MINUTES: i64 = 15;

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as i64)
}

/// Login throttling shared by the server: per client address, in memory; and the time every
/// refused login takes at least, so that an unknown account, a locked one and a wrong
/// password cannot be told apart by how long the answer takes.
#[derive(Debug)]
pub struct Guard {
    pub by_client: Throttle,
    /// Refused logins answer no sooner than this after they arrived.
    pub failure_floor: Duration,
}

/// A refused login's minimum duration: well above an argon2id check (~30 ms) and a write.
pub const FAILURE_FLOOR: Duration = Duration::from_millis(400);

impl Default for Guard {
    fn default() -> Self {
        Self {
            by_client: Throttle::new(20, Duration::from_secs(15 * 60), Duration::from_secs(15 * 60)),
            failure_floor: FAILURE_FLOOR,
        }
    }
}

/// What a new account needs.
#[derive(Debug, Clone, PartialEq)]
pub struct UserInput {
    pub org_id: OrgId,
    pub login: String,
    pub display_name: String,
    pub password: String,
    pub role: Role,
    pub departments: Vec<DepartmentId>,
}

fn check_login_name(login: &str) -> Result<()> {
    let ok = (3..=64).contains(&login.len())
        && login.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err(AppError::invalid("login", "ログインIDは3〜64文字の半角英数字と . _ - @ で入力してください"))
    }
}

async fn check_departments(r: &dyn Read, org: OrgId, role: Role, depts: &[DepartmentId]) -> Result<()> {
    if role == Role::Editor && depts.is_empty() {
        return Err(AppError::invalid("departments", "部局担当には担当部局を1つ以上指定してください"));
    }
    let known: Vec<DepartmentId> = r.list_departments(org).await?.into_iter().map(|d| d.id).collect();
    if depts.iter().any(|d| !known.contains(d)) {
        return Err(AppError::invalid("departments", "この自治体の部局を指定してください"));
    }
    Ok(())
}

/// Departments matter only to editors; other roles keep none (a planner reaches every one).
fn departments_for(role: Role, depts: &[DepartmentId]) -> Vec<DepartmentId> {
    if role == Role::Editor {
        depts.to_vec()
    } else {
        Vec::new()
    }
}

/// The account with this login, which is case-insensitive (stored in lower case; an account
/// stored with capitals before that rule is still found as written).
pub async fn find_login(
    store: &(impl crate::ReadDb + ?Sized),
    login: &str,
) -> Result<Option<(User, hoshin_store::Credentials)>> {
    let store = crate::db::read(store);
    let login = login.trim();
    match store.find_user_by_login(&login.to_ascii_lowercase()).await? {
        Some(found) => Ok(Some(found)),
        None => Ok(store.find_user_by_login(login).await?),
    }
}

fn password_error(e: crate::auth::AuthError) -> AppError {
    AppError::invalid("password", e.to_string())
}

/// Creates an account (admins of the organization, or the system: the CLI).
pub async fn create_user(store: &(impl crate::Db + ?Sized), actor: &Actor, input: &UserInput) -> Result<UserId> {
    let store = crate::db::store(store);
    require_admin(actor, input.org_id)?;
    let login = input.login.trim().to_ascii_lowercase();
    check_login_name(&login)?;
    if find_login(store, &login).await?.is_some() {
        return Err(AppError::invalid("login", "このログインIDはすでに使われています（大文字と小文字は区別しません）"));
    }
    if input.display_name.trim().is_empty() {
        return Err(AppError::invalid("display_name", "氏名を入力してください"));
    }
    check_password_policy(&input.password).map_err(password_error)?;
    check_departments(store, input.org_id, input.role, &input.departments).await?;
    let hash = hash_password(&input.password).map_err(password_error)?;
    let tx = store.begin().await?;
    let id = tx
        .insert_user(&NewUser {
            org_id: input.org_id,
            login,
            display_name: input.display_name.trim().to_string(),
            password_hash: hash,
            role: input.role,
            departments: departments_for(input.role, &input.departments),
        })
        .await
        .map_err(|e| {
            if e.is_constraint("users_login") {
                AppError::invalid("login", "このログインIDはすでに使われています")
            } else {
                e.into()
            }
        })?;
    let created = tx.get_user(id).await?;
    audit::record::<(), _>(tx.as_ref(), actor, "users", id.0, "insert", None, Some(&created)).await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes name, role, departments or the disabled flag. Disabling ends the user's sessions.
pub async fn update_user(store: &(impl crate::Db + ?Sized), actor: &Actor, user: &User) -> Result<i64> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    let before = tx.get_user(user.id).await?;
    require_admin(actor, before.org_id)?;
    if user.display_name.trim().is_empty() {
        return Err(AppError::invalid("display_name", "氏名を入力してください"));
    }
    check_departments(&*tx, before.org_id, user.role, &user.departments).await?;
    if actor.user_id() == Some(user.id) && (user.disabled || user.role != Role::Admin) {
        return Err(AppError::invalid("role", "自分自身の管理者権限は外せません（別の管理者が操作してください）"));
    }
    let after = User {
        org_id: before.org_id,
        login: before.login.clone(),
        departments: departments_for(user.role, &user.departments),
        ..user.clone()
    };
    let v = tx.update_user(&after).await?;
    if after.disabled {
        tx.delete_user_sessions(user.id).await?;
    }
    let saved = tx.get_user(user.id).await?;
    audit::record(tx.as_ref(), actor, "users", user.id.0, "update", Some(&before), Some(&saved)).await?;
    tx.commit().await?;
    Ok(v)
}

/// Sets a new password (admins, or the system), clears any lockout and ends the user's sessions.
pub async fn reset_password(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    id: UserId,
    password: &str,
) -> Result<()> {
    let store = crate::db::store(store);
    check_password_policy(password).map_err(password_error)?;
    let hash = hash_password(password).map_err(password_error)?;
    let tx = store.begin().await?;
    let before = tx.get_user(id).await?;
    require_admin(actor, before.org_id)?;
    tx.set_password(id, before.meta.version, &hash).await?;
    tx.delete_user_sessions(id).await?;
    let saved = tx.get_user(id).await?;
    // The hash itself is never written to the audit log.
    audit::record(tx.as_ref(), actor, "users", id.0, "reset_password", Some(&before), Some(&saved)).await?;
    tx.commit().await?;
    Ok(())
}

/// A session just created by a login.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Goes into the cookie; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
    pub user: User,
    pub expires_at: i64,
}

/// A signed-in request's user and the session's CSRF token.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub user: User,
    pub csrf_token: String,
    /// Unread notifications in the user's inbox (the staff navigation shows the count).
    pub unread: i64,
}

/// A hash to verify against when the account does not exist, so both cases take as long.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password for timing").unwrap_or_default())
}

/// Checks a login. Refused while the client is throttled; wrong passwords count towards the
/// client and the account. An unknown account, a disabled one, a locked one and a wrong
/// password give the same answer ([`LoginFailure::BadCredentials`]) after the same work (one
/// argon2id check) and no sooner than [`Guard::failure_floor`]: nothing tells whether an
/// account exists or is locked. A success does not clear the client's failures (one valid
/// account must not buy unlimited guesses at the others).
pub async fn login(
    store: &(impl crate::Db + ?Sized),
    guard: &Guard,
    login: &str,
    password: &str,
    client: &str,
) -> Result<NewSession> {
    let store = crate::db::store(store);
    let started = tokio::time::Instant::now();
    let outcome = attempt(store, guard, login, password, client).await;
    crate::telemetry::count_login(&outcome);
    if matches!(outcome, Err(AppError::Login(_))) {
        tokio::time::sleep_until(started + guard.failure_floor).await;
    }
    outcome
}

async fn attempt(store: &dyn Store, guard: &Guard, login: &str, password: &str, client: &str) -> Result<NewSession> {
    let now = Instant::now();
    if let Err(wait) = guard.by_client.check(client, now) {
        return Err(AppError::Login(LoginFailure::Throttled { retry_after_secs: wait.as_secs() }));
    }
    let found = find_login(store, login).await?;
    let Some((user, creds)) = found else {
        let _ = verify_password(decoy_hash(), password);
        guard.by_client.failure(client, now);
        return Err(AppError::Login(LoginFailure::BadCredentials));
    };
    let now_ms = now_ms();
    // The same check whatever follows, so a locked account costs what any other does.
    let ok = verify_password(&creds.password_hash, password);
    let tx = store.begin().await?;
    let actor = Actor::User(user.clone());
    if let Some(until) = creds.locked_until.filter(|u| *u > now_ms) {
        guard.by_client.failure(client, now);
        let note = serde_json::json!({ "locked_until": until, "client": client });
        audit::record::<(), _>(tx.as_ref(), &actor, "users", user.id.0, "login_locked", None, Some(&note)).await?;
        tx.commit().await?;
        return Err(AppError::Login(LoginFailure::BadCredentials));
    }
    if !ok || user.disabled {
        guard.by_client.failure(client, now);
        let failed = creds.failed_logins + 1;
        let locked = (failed >= ACCOUNT_LOCK_AFTER).then(|| {
            let factor = 1i64 << (failed - ACCOUNT_LOCK_AFTER).min(7);
            now_ms + (ACCOUNT_LOCK_MINUTES * factor).min(24 * 60) * 60_000
        });
        tx.note_login(user.id, false, failed, locked).await?;
        let note = serde_json::json!({ "failed_logins": failed, "locked_until": locked, "client": client });
        audit::record::<(), _>(tx.as_ref(), &actor, "users", user.id.0, "login_failed", None, Some(&note)).await?;
        tx.commit().await?;
        return Err(AppError::Login(LoginFailure::BadCredentials));
    }
    tx.note_login(user.id, true, 0, None).await?;
    tx.purge_sessions(now_ms).await?;
    let token = random_token();
    let csrf_token = random_token();
    let expires_at = now_ms + SESSION_HOURS * 3_600_000;
    tx.insert_session(&token_hash(&token), user.id, &csrf_token, expires_at).await?;
    let note = serde_json::json!({ "client": client });
    audit::record::<(), _>(tx.as_ref(), &actor, "users", user.id.0, "login", None, Some(&note)).await?;
    tx.commit().await?;
    Ok(NewSession { token, csrf_token, user, expires_at })
}

/// The user of a session cookie, if the session is live and the account active.
pub async fn session_user(store: &(impl crate::Db + ?Sized), token: &str) -> Result<Option<SessionUser>> {
    let store = crate::db::store(store);
    let Some(s) = store.find_session(&token_hash(token)).await? else { return Ok(None) };
    if s.expires_at <= now_ms() {
        return Ok(None);
    }
    let user = store.get_user(s.user_id).await?;
    if user.disabled {
        return Ok(None);
    }
    let unread = store.unread_notifications(user.id).await?;
    Ok(Some(SessionUser { user, csrf_token: s.csrf_token, unread }))
}

/// Ends a session.
pub async fn logout(store: &(impl crate::Db + ?Sized), token: &str) -> Result<()> {
    let store = crate::db::store(store);
    let tx = store.begin().await?;
    if let Some(s) = tx.find_session(&token_hash(token)).await? {
        tx.delete_session(&token_hash(token)).await?;
        let user = tx.get_user(s.user_id).await?;
        audit::record::<(), ()>(tx.as_ref(), &Actor::User(user), "users", s.user_id.0, "logout", None, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A signed-in user changes their own password: the current one must be right and the new
/// one pass the policy. Every session of the user ends (they sign in again with the new one).
pub async fn change_own_password(
    store: &(impl crate::Db + ?Sized),
    actor: &Actor,
    current: &str,
    new: &str,
) -> Result<()> {
    let store = crate::db::store(store);
    let Some(user) = actor.user() else {
        return Err(AppError::forbidden("ログインしているユーザーだけが変更できます"));
    };
    let Some((fresh, creds)) = store.find_user_by_login(&user.login).await? else {
        return Err(AppError::forbidden("アカウントが見つかりません"));
    };
    if fresh.disabled || !verify_password(&creds.password_hash, current) {
        return Err(AppError::invalid("current_password", "現在のパスワードが正しくありません"));
    }
    if new == current {
        return Err(AppError::invalid("new_password", "新しいパスワードは現在のものと変えてください"));
    }
    check_password_policy(new).map_err(password_error)?;
    let hash = hash_password(new).map_err(password_error)?;
    let tx = store.begin().await?;
    tx.set_password(fresh.id, fresh.meta.version, &hash).await?;
    tx.delete_user_sessions(fresh.id).await?;
    let saved = tx.get_user(fresh.id).await?;
    audit::record(tx.as_ref(), actor, "users", fresh.id.0, "change_password", Some(&fresh), Some(&saved)).await?;
    tx.commit().await?;
    Ok(())
}

/// The users of an organization (the admin's user list).
pub async fn users_of(db: &(impl crate::ReadDb + ?Sized), org: OrgId) -> Result<Vec<User>> {
    Ok(crate::db::read(db).list_users(org).await?)
}

/// A user of `org`; a user of another organization is not found.
pub async fn user_of(db: &(impl crate::ReadDb + ?Sized), org: OrgId, id: UserId) -> Result<User> {
    let user = crate::db::read(db).get_user(id).await?;
    if user.org_id != org {
        return Err(AppError::not_found("users", id.0));
    }
    Ok(user)
}
