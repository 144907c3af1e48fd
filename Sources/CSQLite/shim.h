#include <sqlite3.h>

/// sqlite3_db_config is variadic, which Swift cannot call: a closing connection leaves the
/// write-ahead log to the next commit's automatic checkpoint instead of checkpointing it.
static inline int cecsite_sqlite3_no_checkpoint_on_close(sqlite3 *db) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)0);
}
