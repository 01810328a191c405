/* From the node store to the core's model: ROP units, file references, plug-ins. */
#ifndef HU_WALK_H
#define HU_WALK_H

#include "hu_eval.h"

/* One render or cache unit per ROP (SP_UNIT_ROP / SP_UNIT_GEO), named by node path. */
int hu_walk_rops(sp_scene *scene, const hu_env *env);

/* Every input file named by a parameter (table by node type, then the extension rule). */
int hu_walk_files(sp_scene *scene, const hu_env *env);

/*
 * The file parameters overridden by the takes enabled ROPs render with,
 * beyond the active take's (which hu_walk_files reads): each ROP's job loads
 * them.  Leaves the active take selected.
 */
int hu_walk_take_files(sp_scene *scene, const hu_env *env);

/* Tip 60015 for every unit whose output folder is also the folder of an input. */
int hu_check_outputs(sp_scene *scene);

/* Renderer plug-ins inferred from the node types. */
int hu_add_plugins(sp_scene *scene, const hu_store *st);

/* 1 when `parm` is the output the ROP walk already reads (and reports) for this node. */
int hu_rop_reports(const hu_node *node, const char *parm);

/*
 * File Cache (2.0 and later, Labs' too) with File Path "Constructed" writes
 * and reads ‹basedir›/‹basename›/v‹version›/‹basename›_v‹version›.$F4.‹ext›
 * (no version parts when versioning is off, no $F4 when the cache is not
 * time dependent); its saved `file` parm is then not the path.  1 with that
 * path, unexpanded, in `raw`; 0 when the node writes `file` as it is.
 */
int hu_filecache_path(sp_buf *raw, const hu_env *env, const hu_node *node);

/* SP_REF_FRAMES / SP_REF_TILES for the tokens `path` holds. */
unsigned hu_ref_flags(const char *path);

#endif
