//! Who is acting: the operating-system account running the process, mapped to a person.

use super::{OpError, Refusal};
use crate::model::region::Region;
use crate::model::role::{Permission, Role, allows};

/// The person (or unknown account) behind the current process.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The account events are attributed to.
    pub account: String,
    /// The operating-system account actually running the process.
    pub os_account: String,
    /// Roles from the configuration; empty for an account not in `[[people]]`.
    pub roles: Vec<Role>,
    /// Whether the account is a person in the configuration.
    pub known: bool,
}

impl Actor {
    /// Resolves the actor. `override_account` (`--as`) is accepted only when the region
    /// allows it (test and demo regions).
    pub fn resolve(
        region: &Region,
        os_account: &str,
        override_account: Option<&str>,
    ) -> Result<Actor, OpError> {
        let account = match override_account {
            Some(a) if !region.site.allow_actor_override => return Err(override_refused(a)),
            Some(a) => {
                if region.person(a).is_none() {
                    return Err(Refusal::NoSuchAccount(a.to_string()).into());
                }
                a
            }
            None => os_account,
        };
        let person = region.person(account);
        Ok(Actor {
            account: account.to_string(),
            os_account: os_account.to_string(),
            roles: person.map(|p| p.roles.clone()).unwrap_or_default(),
            known: person.is_some(),
        })
    }

    /// Refuses unless the actor is a configured person holding a role that grants `needs`.
    pub fn require(&self, needs: Permission) -> Result<(), OpError> {
        if !self.known {
            return Err(OpError::NotAPerson {
                account: self.account.clone(),
            });
        }
        if allows(&self.roles, needs) {
            Ok(())
        } else {
            Err(OpError::Forbidden {
                account: self.account.clone(),
                roles: self.roles.clone(),
                needs,
            })
        }
    }
}

/// `--as` in a region that does not allow it (only test and demo regions do).
pub(super) fn override_refused(account: &str) -> OpError {
    Refusal::ActorOverride(account.to_string()).into()
}

/// The operating-system account running this process (from the password database, not
/// from `$USER`).
pub fn os_account() -> String {
    whoami::username()
}
