//! Giving the memory of a replaced analysis back to the system at once.
//!
//! jemalloc keeps freed pages ten seconds for reuse before it returns them
//! (its dirty decay). That suits an edit, whose next analysis reuses them
//! warm, but not the whole analysis an installed one replaces: after a
//! burst such as the rename of a team named by 5,000 policies the server
//! held the memory of several analyses for those ten seconds.

/// Runs `free` (the drop of a replaced analysis) with every arena's dirty
/// decay at 0, so the pages it frees go back as they are freed, then puts
/// the decay back. One at a time: the setting is the whole process's.
pub fn freed_at_once(free: impl FnOnce()) {
    #[cfg(not(windows))]
    {
        static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let usual = decay::usual();
        decay::set(0);
        free();
        decay::set(usual);
    }
    #[cfg(windows)]
    free();
}

#[cfg(not(windows))]
mod decay {
    use tikv_jemalloc_ctl::{Access, AsName};

    /// The dirty decay jemalloc was started with, in milliseconds.
    pub(super) fn usual() -> isize {
        "opt.dirty_decay_ms\0".name().read().unwrap_or(10_000)
    }

    /// Sets the dirty decay of every arena, and of arenas made later.
    /// Where jemalloc is not the allocator (the tests) this changes the
    /// arenas of an unused instance, which is harmless.
    pub(super) fn set(ms: isize) {
        let _ = "arenas.dirty_decay_ms\0".name().write(ms);
        let arenas: u32 = "arenas.narenas\0".name().read().unwrap_or(0);
        for i in 0..arenas {
            let _ = format!("arena.{i}.dirty_decay_ms\0").name().write(ms);
        }
    }
}

#[cfg(all(test, not(windows)))]
mod tests {
    use super::*;
    use tikv_jemalloc_ctl::{Access, AsName};

    fn decay_of_new_arenas() -> Option<isize> {
        "arenas.dirty_decay_ms\0".name().read().ok()
    }

    #[test]
    fn pages_go_back_at_once_only_while_an_analysis_is_freed() {
        let before = decay_of_new_arenas();
        assert!(before.is_some_and(|ms| ms > 0), "{before:?}");
        let mut during = None;
        let mut freed = false;
        freed_at_once(|| {
            during = decay_of_new_arenas();
            freed = true;
        });
        assert!(freed);
        assert_eq!(during, Some(0));
        assert_eq!(decay_of_new_arenas(), before);
    }
}
