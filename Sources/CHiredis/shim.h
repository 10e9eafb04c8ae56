// hiredis 0.14 (Debian 12's libhiredis-dev). Swift cannot call the variadic redisCommand, so the
// Swift side uses redisCommandArgv / redisAppendCommandArgv only.
#include <hiredis/hiredis.h>
