/*
 * Which attribute values are files, and how their paths are spelled for
 * the core.  Class and attribute names come from public Clarisse material:
 * the reference guide (clarissewiki.com), pipeline scripts that create
 * these items through ix.cmds, and the .project files in the test corpus.
 */
#include "cl_walk.h"

typedef struct {
	const char *cls; /* NULL: any class */
	const char *attr;
	sp_ref_kind kind;
} class_attr;

/* Items whose path attribute always names an input, whatever its extension. */
static const class_attr class_table[] = {
    {"TextureMapFile", "filename", SP_REF_TEXTURE},
    {"TextureStreamedMapFile", "filename", SP_REF_TEXTURE},
    {"TexturePtexFile", "filename", SP_REF_TEXTURE},
    {"TextureOslFile", "filename", SP_REF_OTHER},
    {"MaterialOslFile", "filename", SP_REF_OTHER},
    {"ImageNodeRead", "filename", SP_REF_TEXTURE},
    {"LayerFile", "filename", SP_REF_TEXTURE},
    {"GeometryPolyfile", "filename", SP_REF_CACHE},
    {"GeometryFurFile", "filename", SP_REF_CACHE},
    {"GeometryVolumeFile", "filename", SP_REF_VOLUME},
    {"GeometryBundleAlembic", "filename", SP_REF_CACHE},
    {"GeometryBundleUsd", "filename", SP_REF_CACHE},
    {"SceneObjectAssemblyReader", "filename", SP_REF_CACHE},
    {"CameraAlembic", "filename", SP_REF_CACHE},
    {"LightPhysicalSphere", "ies_profile", SP_REF_LIGHT},
    {"LightPhysicalSpot", "ies_profile", SP_REF_LIGHT},
    {"LightPhysicalQuad", "ies_profile", SP_REF_LIGHT},
    {"Context", "filename", SP_REF_SCENE},
};

/* Attributes that name what the render writes, never what it reads. */
static const char *const output_attrs[] = {
    "save_as", "deep_output_path", "save_deep_as", "deep_save_as", "output_filename", "output_path", NULL};

typedef struct {
	const char *ext;
	sp_ref_kind kind;
} ext_kind;

/* The generic rule: a path ending in one of these is an input wherever it is written. */
static const ext_kind ext_table[] = {
    {"exr", SP_REF_TEXTURE},  {"tif", SP_REF_TEXTURE},  {"tiff", SP_REF_TEXTURE},  {"tx", SP_REF_TEXTURE},
    {"tex", SP_REF_TEXTURE},  {"png", SP_REF_TEXTURE},  {"jpg", SP_REF_TEXTURE},   {"jpeg", SP_REF_TEXTURE},
    {"hdr", SP_REF_TEXTURE},  {"hdri", SP_REF_TEXTURE}, {"tga", SP_REF_TEXTURE},   {"bmp", SP_REF_TEXTURE},
    {"psd", SP_REF_TEXTURE},  {"dpx", SP_REF_TEXTURE},  {"cin", SP_REF_TEXTURE},   {"ptx", SP_REF_TEXTURE},
    {"ptex", SP_REF_TEXTURE}, {"rat", SP_REF_TEXTURE},  {"iff", SP_REF_TEXTURE},   {"gif", SP_REF_TEXTURE},
    {"sgi", SP_REF_TEXTURE},  {"rgb", SP_REF_TEXTURE},  {"jp2", SP_REF_TEXTURE},   {"webp", SP_REF_TEXTURE},
    {"ppm", SP_REF_TEXTURE},  {"abc", SP_REF_CACHE},    {"usd", SP_REF_CACHE},     {"usda", SP_REF_CACHE},
    {"usdc", SP_REF_CACHE},   {"usdz", SP_REF_CACHE},   {"obj", SP_REF_CACHE},     {"lwo", SP_REF_CACHE},
    {"fbx", SP_REF_CACHE},    {"ply", SP_REF_CACHE},    {"stl", SP_REF_CACHE},     {"vdb", SP_REF_VOLUME},
    {"f3d", SP_REF_VOLUME},   {"ies", SP_REF_LIGHT},    {"osl", SP_REF_OTHER},     {"oso", SP_REF_OTHER},
    {"cfx", SP_REF_OTHER},    {"ccfx", SP_REF_OTHER},   {"project", SP_REF_SCENE}, {"ocio", SP_REF_CONFIG},
    {"cube", SP_REF_CONFIG},  {"3dl", SP_REF_CONFIG},   {"csp", SP_REF_CONFIG},    {"spi1d", SP_REF_CONFIG},
    {"spi3d", SP_REF_CONFIG}, {"wav", SP_REF_AUDIO},
};

static const char *extension(const char *value)
{
	const char *dot = NULL;
	for (const char *p = value; *p; p++) {
		if (*p == '/' || *p == '\\')
			dot = NULL;
		else if (*p == '.')
			dot = p;
	}
	return dot ? dot + 1 : NULL;
}

int cl_file_kind(const char *cls, const char *attr, const char *value, sp_ref_kind *kind)
{
	const char *ext;
	if (!value || !*value || strstr(value, "://") || cl_streq(value, "<empty>"))
		return 0;
	for (size_t i = 0; output_attrs[i]; i++)
		if (cl_streq(attr, output_attrs[i]))
			return 0;
	/* export processes write their "filename" */
	if (cls && cl_starts_with(cls, "Process"))
		return 0;
	for (size_t i = 0; i < sizeof(class_table) / sizeof(*class_table); i++) {
		if (cl_streq(cls, class_table[i].cls) && cl_streq(attr, class_table[i].attr)) {
			ext = extension(value);
			/* a context reference to an Alembic or USD file is a cache, not a project */
			*kind = class_table[i].kind == SP_REF_SCENE && !(ext && cl_strcaseeq(ext, "project"))
			            ? SP_REF_CACHE
			            : class_table[i].kind;
			return 1;
		}
	}
	ext = extension(value);
	/* labels and documentation strings can end in ".x" too; a path holds no line break */
	if (!ext || strchr(value, '\n') != NULL)
		return 0;
	for (size_t i = 0; i < sizeof(ext_table) / sizeof(*ext_table); i++) {
		if (cl_strcaseeq(ext, ext_table[i].ext)) {
			*kind = ext_table[i].kind;
			return 1;
		}
	}
	return 0;
}

/* Clarisse spellings the core's expander does not read, and what it reads instead. */
static const struct {
	const char *from;
	const char *to;
} token_table[] = {
    {"${UDIM}", "<UDIM>"},
    {"$UDIM", "<UDIM>"},
    {"<udim>", "<UDIM>"},
};

static int put_token(sp_buf *out, const char **p)
{
	for (size_t i = 0; i < sizeof(token_table) / sizeof(*token_table); i++) {
		size_t n = strlen(token_table[i].from);
		if (strncmp(*p, token_table[i].from, n) == 0) {
			*p += n;
			return sp_buf_puts(out, token_table[i].to) < 0 ? SP_ENOMEM : 1;
		}
	}
	return 0;
}

int cl_path_prepare(sp_buf *out, const char *value, const char *pdir)
{
	const char *p = value;
	sp_buf_clear(out);
	while (*p) {
		int done;
		if (strncmp(p, "$PDIR", 5) == 0 &&
		    !(p[5] == '_' || (p[5] >= 'A' && p[5] <= 'Z') || (p[5] >= 'a' && p[5] <= 'z') ||
		      (p[5] >= '0' && p[5] <= '9'))) {
			if (sp_buf_puts(out, pdir) < 0)
				return SP_ENOMEM;
			p += 5;
			continue;
		}
		if (strncmp(p, "${PDIR}", 7) == 0) {
			if (sp_buf_puts(out, pdir) < 0)
				return SP_ENOMEM;
			p += 7;
			continue;
		}
		done = put_token(out, &p);
		if (done < 0)
			return done;
		if (done > 0)
			continue;
		if (sp_buf_putc(out, *p++) < 0)
			return SP_ENOMEM;
	}
	return 0;
}

int cl_path_resolve(sp_buf *out, sp_ctx *ctx, const char *prepared, const char *dir)
{
	sp_buf vars = SP_BUF_INIT, mapped = SP_BUF_INIT, norm = SP_BUF_INIT;
	int error = sp_path_expand_vars(&vars, ctx, prepared, NULL, NULL);
	if (error == 0)
		error = sp_path_apply_maps(&mapped, ctx, sp_buf_cstr(&vars));
	if (error == 0)
		error = sp_path_normalize(&norm, sp_buf_cstr(&mapped));
	if (error == 0) {
		if (sp_path_kind_of(sp_buf_cstr(&norm)) == SP_PATH_RELATIVE)
			error = sp_path_join(out, dir, sp_buf_cstr(&norm));
		else
			error = sp_buf_sets(out, sp_buf_cstr(&norm));
	}
	sp_buf_dispose(&vars);
	sp_buf_dispose(&mapped);
	sp_buf_dispose(&norm);
	return error;
}
