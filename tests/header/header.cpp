/* The same check as header.c, compiled as C++. */
#include "header.c"
