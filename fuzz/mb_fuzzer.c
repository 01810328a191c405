/*
 * Maya binary scenes (IFF FOR4/FOR8): any bytes through sp_maya_read with a
 * .mb name must give a result or an error code, never a crash, hang or leak.
 */
#define SP_FUZZ_SCENE_EXT ".mb"
#include "scene_fuzzer.c"
