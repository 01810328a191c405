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

/*
 * What a file named like a scene should start with, by its extension: said
 * when the bytes are something else (a truncated copy, a renamed file, an
 * error page saved in its place).  NULL for other names.
 */
static const char *expected_start(const char *path)
{
	static const struct {
		const char *ext, *what;
	} kinds[] = {
	    {".ma", "a Maya ASCII scene, which starts with \"//Maya ASCII\""},
	    {".mb", "a Maya binary scene, which starts with a FOR4 or FOR8 block"},
	    {".hip", "a Houdini scene, which starts with a cpio header (\"070707\")"},
	    {".hiplc", "a Houdini scene, which starts with a cpio header (\"070707\")"},
	    {".hipnc", "a Houdini scene, which starts with a cpio header (\"070707\")"},
	    {".project", "a Clarisse project, which starts with \"#Isotropix_Serial_Version\""},
	};
	const char *dot = strrchr(path, '.');
	char ext[16];
	size_t n = 0;
	/* the extension in lower case, ASCII only: "SHOT.MA" is a .ma too */
	for (; dot && dot[n] && n + 1 < sizeof(ext); n++)
		ext[n] = (char)(dot[n] >= 'A' && dot[n] <= 'Z' ? dot[n] - 'A' + 'a' : dot[n]);
	if (!dot || dot[n])
		return NULL;
	ext[n] = '\0';
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strcmp(ext, kinds[i].ext) == 0)
			return kinds[i].what;
	return NULL;
}

static int not_a_scene(sp_ctx *ctx, const char *path, const unsigned char *head, size_t n)
{
	const char *kind = sp__known_kind_without_reader(head, n), *expected;
	if (kind)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED, "%s: no reader for %s yet", path, kind);
	if (n >= 23 && memcmp(head, "version https://git-lfs", 23) == 0)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED,
		                    "%s: a Git LFS pointer, not a scene (fetch the real file first)", path);
	if (n == 0)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED, "%s: the file is empty (0 bytes), not a scene",
		                    path);
	if ((expected = expected_start(path)) != NULL)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED,
		                    "%s: named like %s, but its first bytes are not (damaged, cut short or "
		                    "another kind of file?)",
		                    path, expected);
	return sp_ctx_error(ctx, SP_EUNSUPPORTED,
	                    "%s: not a scene sceneprobe can read (no reader for this kind of file)", path);
}

int sp__reader_for_file(const sp__reader **out, sp_ctx *ctx, const char *path)
{
	unsigned char head[SNIFF_BYTES];
	size_t n;
	int err;
	FILE *f = sp_fopen_read(path);
	*out = NULL;
	if (!f) {
		err = errno;
		return sp_ctx_error(ctx, err == ENOENT || err == ENOTDIR ? SP_ENOTFOUND : SP_EIO, "%s: %s",
		                    path, strerror(err));
	}
	n = fread(head, 1, sizeof(head), f);
	err = ferror(f) ? errno : 0;
	fclose(f);
	if (err == EISDIR)
		return sp_ctx_error(ctx, SP_EUNSUPPORTED, "%s: a folder, not a scene file", path);
	if (err != 0)
		return sp_ctx_error(ctx, SP_EIO, "%s: read error: %s", path, strerror(err));
	*out = sp__find_reader(head, n);
	return *out ? 0 : not_a_scene(ctx, path, head, n);
}
