/* The scene readers this build knows, chosen by the file's first bytes. */
#include "dispatch.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sp_maya.h"
#ifdef SP_HAVE_HOUDINI
#include "sp_houdini.h"
#endif
#ifdef SP_HAVE_CLARISSE
#include "sp_clarisse.h"
#endif

/* Enough for every signature below. */
#define SNIFF_BYTES 64

static int sniff_maya(const unsigned char *head, size_t len)
{
	return sp_maya_sniff(head, len) != SP_MAYA_NOT;
}

static int read_maya(sp_scene *scene, const sp__reader_options *o)
{
	sp_maya_options mo = SP_MAYA_OPTIONS_INIT;
	mo.project_dir = o->project_dir;
	return sp_maya_read(scene, &mo);
}

#ifdef SP_HAVE_HOUDINI
static int read_houdini(sp_scene *scene, const sp__reader_options *o)
{
	sp_houdini_options ho = SP_HOUDINI_OPTIONS_INIT;
	(void)o;
	return sp_houdini_read(scene, &ho);
}
#endif

#ifdef SP_HAVE_CLARISSE
static int read_clarisse(sp_scene *scene, const sp__reader_options *o)
{
	sp_clarisse_options co = SP_CLARISSE_OPTIONS_INIT;
	(void)o;
	return sp_clarisse_read(scene, &co);
}
#endif

static const sp__reader readers[] = {
    {"Maya", SP_APP_MAYA, sniff_maya, read_maya},
#ifdef SP_HAVE_HOUDINI
    {"Houdini", SP_APP_HOUDINI, sp_houdini_sniff, read_houdini},
#endif
#ifdef SP_HAVE_CLARISSE
    {"Clarisse", SP_APP_CLARISSE, sp_clarisse_sniff, read_clarisse},
#endif
};

const sp__reader *sp__find_reader(const unsigned char *head, size_t len)
{
	for (size_t i = 0; i < sizeof(readers) / sizeof(*readers); i++)
		if (readers[i].sniff(head, len))
			return &readers[i];
	return NULL;
}

const char *sp__known_kind_without_reader(const unsigned char *head, size_t len)
{
	if ((len >= 6 && (memcmp(head, "070707", 6) == 0 || memcmp(head, "070701", 6) == 0)) ||
	    (len >= 6 && (memcmp(head, "HouNC\x1a", 6) == 0 || memcmp(head, "HouLC\x1a", 6) == 0)) ||
	    (len >= 17 && memcmp(head, "MIME-Version: 1.0", 17) == 0))
		return "Houdini scenes";
	if (len >= 25 && memcmp(head, "#Isotropix_Serial_Version", 25) == 0)
		return "Clarisse projects";
	return NULL;
}

int sp__reader_for_file(const sp__reader **out, sp_ctx *ctx, const char *path)
{
	unsigned char head[SNIFF_BYTES];
	const char *kind;
	size_t n;
	FILE *f = sp_fopen_read(path);
	*out = NULL;
	if (!f) {
		int err = errno;
		return sp_ctx_error(ctx, err == ENOENT || err == ENOTDIR ? SP_ENOTFOUND : SP_EIO, "%s: %s",
		                    path, strerror(err));
	}
	n = fread(head, 1, sizeof(head), f);
	fclose(f);
	*out = sp__find_reader(head, n);
	if (*out)
		return 0;
	kind = sp__known_kind_without_reader(head, n);
	if (kind)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED, "%s: no reader for %s yet", path, kind);
	if (n >= 23 && memcmp(head, "version https://git-lfs", 23) == 0)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED,
		                    "%s: a Git LFS pointer, not a scene (fetch the real file first)", path);
	return sp_ctx_error(ctx, SP_EUNSUPPORTED,
	                    "%s: not a scene sceneprobe can read (no reader for this kind of file)", path);
}
