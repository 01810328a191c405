/*
 * The four task files (task.json, upload.json, asset.json, tips.json) and the
 * analysis summary.  Formats: ../spec/output-files.md.
 */
#ifndef SP_WRITERS_H
#define SP_WRITERS_H

#include "common.h"
#include "scene.h"

SP_BEGIN_DECL

/** Render each file into `out` (cleared first).  The scene must be analysed. */
SP_EXTERN(int) sp_write_task_json(sp_buf *out, const sp_scene *scene) SP_MUST_CHECK;
SP_EXTERN(int) sp_write_upload_json(sp_buf *out, const sp_scene *scene) SP_MUST_CHECK;
SP_EXTERN(int) sp_write_asset_json(sp_buf *out, const sp_scene *scene) SP_MUST_CHECK;
SP_EXTERN(int) sp_write_tips_json(sp_buf *out, const sp_scene *scene) SP_MUST_CHECK;

/**
 * Write the four files into `dir` (created with its parents if needed).
 * All four are rendered and written to temporary files first; only when all
 * are on disk is a journal naming them committed (`.sceneprobe-set`, by
 * rename) and are they renamed into place.  A failure before the commit
 * leaves the previous set untouched; a failure or crash after it leaves the
 * journal, and the next write or sp_taskdir_* call on `dir` completes the
 * new set first.  So the folder, as sceneprobe reads it, always holds one
 * whole set.  Errors: SP_EIO with the path.
 */
SP_EXTERN(int) sp_write_task_dir(const sp_scene *scene, const char *dir) SP_MUST_CHECK;

/**
 * The summary document (what `analyze --json` prints): application, version,
 * plug-ins, units, asset counts, missing files, tips with severity, and the
 * task directory when `task_dir` is non-NULL.
 */
SP_EXTERN(int) sp_write_summary_json(sp_buf *out, const sp_scene *scene, const char *task_dir) SP_MUST_CHECK;

SP_END_DECL

#endif
