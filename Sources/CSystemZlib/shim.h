// The system zlib (zlib1g-dev), for LedgerSync's batch compression.
#include <zlib.h>
