#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: this sets what medledger needs before
   SQLite is first used. Memory statistics off: with them on, every allocation SQLite makes
   takes a process-wide mutex (2.5 % of a receiving sync's CPU samples), and medledger never
   reads them. Returns SQLITE_OK, or SQLITE_MISUSE once SQLite is in use
   (the setting then stays as it was). */
static inline int medledger_sqlite3_setup(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
