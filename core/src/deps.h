/*
 * Files that name more files: Arnold .ass, V-Ray .vrscene, USD .usda,
 * OCIO configs, MaterialX, XGen collections, RIB.  A render needs what they
 * name as much as the files the scene names itself, so each one the analysis
 * finds is read and what it names is declared as further references.
 */
#ifndef SP_DEPS_H
#define SP_DEPS_H

#include "scene_impl.h"
#include "util.h"

typedef struct sp_deps sp_deps;

int sp__deps_new(sp_deps **out, sp_ctx *ctx);
void sp__deps_free(sp_deps *deps);

/*
 * Reference `index` of the scene was found as `files`: read those that name
 * more files and declare what they name with sp_scene_add_file (which may
 * move scene->refs, so callers must not hold a pointer into it).
 */
int sp__deps_scan(sp_deps *deps, sp_scene *scene, size_t index, const sp_strvec *files);

/*
 * Read one nested file as the analysis would (no once-per-analysis guard),
 * inflating gzip up to `max_inflated` bytes (0: SP_DEPS_MAX_INFLATED).
 * For tests of the limits.  0 or SP_ENOMEM.
 */
int sp__deps_read_file(sp_scene *scene, const char *path, uint64_t max_inflated);

#endif
