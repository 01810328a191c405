/* Entry points of the Maya shim; each file goes to the .ma lexer or the .mb reader by its first bytes. */
#include "ma_walk.h"
#include "mb_walk.h"

#include <errno.h>
#include <stdio.h>

sp_maya_kind sp_maya_sniff(const unsigned char *head, size_t len)
{
	if (!head)
		return SP_MAYA_NOT;
	if (len >= 12 && memcmp(head, "//Maya ASCII", 12) == 0)
		return SP_MAYA_ASCII;
	if (len >= 12 && memcmp(head, "FOR4", 4) == 0 && memcmp(head + 8, "Maya", 4) == 0)
		return SP_MAYA_BINARY;
	if (len >= 20 && memcmp(head, "FOR8", 4) == 0 && memcmp(head + 16, "Maya", 4) == 0)
		return SP_MAYA_BINARY;
	return SP_MAYA_NOT;
}

/* 1 when the file starts like a Maya binary scene; anything else (or nothing) goes to the .ma lexer. */
static int is_binary(const char *path)
{
	unsigned char head[64];
	size_t n = 0;
	FILE *fp = sp_fopen_read(path); /* UTF-8 names on Windows too */
	if (fp) {
		n = fread(head, 1, sizeof(head), fp);
		fclose(fp);
	}
	/* Any IFF start goes to the binary reader, which says what is wrong with a bad header. */
	return sp_maya_sniff(head, n) == SP_MAYA_BINARY ||
	       (n >= 4 && (memcmp(head, "FOR4", 4) == 0 || memcmp(head, "FOR8", 4) == 0));
}

int ma_read_file(ma_session *ses, const char *path, const char *ns, unsigned depth, int child)
{
	ma_walk w;
	int error;
	memset(&w, 0, sizeof(w));
	w.ses = ses;
	w.file = path;
	w.ns = ns;
	w.child = child;
	error =
	    ma_strvec_push(&ses->stack, path) < 0 ? sp_ctx_error(ses->ctx, SP_ENOMEM, "out of memory") : 0;
	if (error < 0)
		return error;
	error = is_binary(path) ? mb_walk_read(&w) : ma_walk_read(&w);
	if (error >= 0 && !child)
		error = ma_feed_software(&w);
	if (error >= 0)
		error = child ? ma_feed_child_cameras(&w) : ma_feed_layers(&w);
	if (error >= 0)
		error = ma_feed_files(&w);
	if (error >= 0)
		error = ma_feed_references(&w, depth);
	ma_free(ses->stack.items[--ses->stack.count]);
	ma_walk_dispose(&w);
	return error;
}

int sp_maya_read(sp_scene *scene, const sp_maya_options *opts)
{
	ma_session ses;
	sp_ctx *ctx;
	int error;
	if (!scene)
		return SP_EUSER;
	ctx = sp_scene_ctx(scene);
	if (opts && opts->version != SP_MAYA_OPTIONS_VERSION)
		return sp_ctx_error(ctx, SP_EUSER, "sp_maya_options version %u is not %u", opts->version,
		                    SP_MAYA_OPTIONS_VERSION);
	memset(&ses, 0, sizeof(ses));
	ses.scene = scene;
	ses.ctx = ctx;
	ses.max_depth = opts && opts->max_reference_depth ? opts->max_reference_depth : 16;
	error = ma_project_setup(&ses, opts ? opts->project_dir : NULL);
	if (error >= 0)
		error = ma_read_file(&ses, sp_scene_path(scene), "", 0, 0);
	ma_free(ses.project);
	ma_free(ses.scene_rule);
	ma_cam_ovr_dispose(&ses);
	ma_strvec_dispose(&ses.rule_dirs);
	ma_strvec_dispose(&ses.stack);
	ma_strvec_dispose(&ses.declared);
	ma_strvec_dispose(&ses.nested);
	ma_strvec_dispose(&ses.named);
	ma_map_dispose(&ses.added);
	ma_map_dispose(&ses.edited);
	return error;
}
