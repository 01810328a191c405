/* Entry points of the Clarisse shim. */
#include "cl_walk.h"

#include <stdio.h>

int sp_clarisse_sniff(const unsigned char *head, size_t len)
{
	static const char magic[] = "#Isotropix_Serial_Version";
	/* a UTF-8 byte order mark may precede it */
	if (head && len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) {
		head += 3;
		len -= 3;
	}
	return head && len >= sizeof(magic) - 1 && memcmp(head, magic, sizeof(magic) - 1) == 0;
}

/* "4" -> "clarisse_ifx_4.0", "4.0 SP3" -> "clarisse_ifx_4.0_sp3": the farm's spelling. */
static int farm_version(sp_buf *out, const char *header)
{
	const char *p = header, *sp = NULL;
	size_t digits = 0;
	while (p[digits] >= '0' && p[digits] <= '9')
		digits++;
	if (digits == 0 || digits > 4)
		return 0;
	for (const char *q = p + digits; *q; q++)
		if ((q[0] == 'S' || q[0] == 's') && (q[1] == 'P' || q[1] == 'p') && q[2] >= '0' &&
		    q[2] <= '9') {
			sp = q + 2;
			break;
		}
	if (sp_buf_printf(out, "clarisse_ifx_%.*s.0", (int)digits, p) < 0)
		return SP_ENOMEM;
	if (sp) {
		size_t n = 0;
		while (sp[n] >= '0' && sp[n] <= '9' && n < 4)
			n++;
		if (sp_buf_printf(out, "_sp%.*s", (int)n, sp) < 0)
			return SP_ENOMEM;
	}
	return 1;
}

static int feed_software(cl_session *ses)
{
	sp_buf v = SP_BUF_INIT;
	int error = 0, have;
	if (ses->header_version && (have = farm_version(&v, ses->header_version)) != 0)
		error = have < 0 ? have : sp_scene_set_version(ses->scene, sp_buf_cstr(&v));
	/* plug-in renderers show up as "<Name>Renderer" classes; the file does not say their version */
	for (size_t i = 0; i < ses->renderer_classes.count && error == 0; i++) {
		const char *cls = ses->renderer_classes.items[i];
		sp_buf_clear(&v);
		error = sp_buf_put(&v, cls, strlen(cls) - strlen("Renderer"));
		if (error == 0)
			error = sp_scene_add_plugin(ses->scene, sp_buf_cstr(&v), "", 0);
	}
	sp_buf_dispose(&v);
	return error;
}

int sp_clarisse_read(sp_scene *scene, const sp_clarisse_options *opts)
{
	cl_session ses;
	sp_ctx *ctx;
	int error;
	if (!scene)
		return SP_EUSER;
	ctx = sp_scene_ctx(scene);
	if (opts && opts->version != SP_CLARISSE_OPTIONS_VERSION)
		return sp_ctx_error(ctx, SP_EUSER, "sp_clarisse_options version %u is not %u", opts->version,
		                    SP_CLARISSE_OPTIONS_VERSION);
	memset(&ses, 0, sizeof(ses));
	ses.scene = scene;
	ses.ctx = ctx;
	error = cl_read_project(&ses, sp_scene_path(scene), "project:/", 0);
	if (error == 0)
		error = feed_software(&ses);
	if (error == 0)
		error = cl_feed_images(&ses);
	if (error == SP_ENOMEM)
		sp_ctx_error(ctx, SP_ENOMEM, "%s: out of memory", sp_scene_path(scene));
	cl_session_dispose(&ses);
	return error;
}
