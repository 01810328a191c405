/*
 * The scene readers by kind, chosen from a file's first bytes: what the
 * command line's analyze and sp_analyze_file() dispatch to.  Internal to the
 * sceneprobe library and its command line.
 */
#ifndef SP_LIB_DISPATCH_H
#define SP_LIB_DISPATCH_H

#include <sceneprobe.h>

typedef struct {
	const char *project_dir; /* the Maya project; NULL: found from the scene */
} sp__reader_options;

typedef struct {
	const char *name;
	sp_app app;
	int (*sniff)(const unsigned char *head, size_t len);
	int (*read)(sp_scene *scene, const sp__reader_options *opts);
} sp__reader;

/* The reader for a file starting with `head`, or NULL. */
const sp__reader *sp__find_reader(const unsigned char *head, size_t len);
/* A kind we recognise but cannot read in this build ("Houdini scenes"), or NULL. */
const char *sp__known_kind_without_reader(const unsigned char *head, size_t len);

/*
 * The reader for the file at `path`, from its first bytes.  When there is
 * none, the message on ctx says why in the words the command line prints:
 * "<path>: <system error>" (SP_ENOTFOUND or SP_EIO), "<path>: no reader for
 * Houdini scenes yet", a Git LFS pointer, or not a scene (SP_EUNSUPPORTED).
 */
int sp__reader_for_file(const sp__reader **out, sp_ctx *ctx, const char *path);

#endif
