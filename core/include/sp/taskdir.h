/*
 * Operations on an existing task directory: change modifiable task_info
 * keys, add custom info, add uploads, and check the whole set.
 */
#ifndef SP_TASKDIR_H
#define SP_TASKDIR_H

#include "common.h"

SP_BEGIN_DECL

/** Set task_info `key` to `value`; only the farm's modifiable keys are accepted (else SP_EUSER). */
SP_EXTERN(int) sp_taskdir_set(sp_ctx *ctx, const char *dir, const char *key, const char *value) SP_MUST_CHECK;
/** Set additional_info `key` to `value` (created on first use). */
SP_EXTERN(int)
sp_taskdir_add_info(sp_ctx *ctx, const char *dir, const char *key, const char *value) SP_MUST_CHECK;
/** Add a file, or every file below a folder, to upload.json's asset list (deduplicated). */
SP_EXTERN(int) sp_taskdir_add_upload(sp_ctx *ctx, const char *dir, const char *path) SP_MUST_CHECK;

/** Called once per problem found by sp_taskdir_check. */
typedef void (*sp_problem_fn)(const char *file, const char *problem, void *payload);
/**
 * Check the four files: JSON well-formed, required keys, every task value a
 * string, frames parse, every upload entry exists and maps as the path rule
 * says.  Returns 0 when clean, SP_ECORRUPT when problems were reported,
 * another code when the check itself could not run.
 */
SP_EXTERN(int) sp_taskdir_check(sp_ctx *ctx, const char *dir, sp_problem_fn cb, void *payload) SP_MUST_CHECK;

/** The modifiable task_info keys, NULL-terminated.  Static storage. */
SP_EXTERN(const char *const *) sp_taskdir_modifiable_keys(void);

/**
 * Check `value` for task_info `key` exactly as sp_taskdir_set would, writing
 * nothing: SP_EUSER with the reason when the key is not modifiable or the
 * value does not suit it.  Lets a caller validate several pairs before
 * changing anything.
 */
SP_EXTERN(int) sp_taskdir_validate_value(sp_ctx *ctx, const char *key, const char *value) SP_MUST_CHECK;

SP_END_DECL

#endif
