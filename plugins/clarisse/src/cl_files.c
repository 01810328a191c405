/*
 * Which attribute values are files, and how their paths are spelled for
 * the core.  Class and attribute names come from public Clarisse material:
 * the reference guide (clarissewiki.com), pipeline scripts that create
 * these items through ix.cmds, and the .project files in the test corpus.
 */
#include "cl_walk.h"

typedef struct {
	const char *cls;
	const char *attr;
	sp_ref_kind kind;
} class_attr;

/* Items whose path attribute always names an input, whatever its extension. */
static const class_attr class_table[] = {
    {"TextureMapFile", "filename", SP_REF_TEXTURE},
    {"TextureStreamedMapFile", "filename", SP_REF_TEXTURE},
    {"TexturePtexFile", "filename", SP_REF_TEXTURE},
    {"TextureOslFile", "filename", SP_REF_OTHER},
    {"TextureOslFile", "OSL_shader_filename", SP_REF_OTHER},
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
    "save_as",      "save_deep_data_as", "deep_output_path", "save_deep_as",
    "deep_save_as", "output_filename",   "output_path",      NULL};

typedef struct {
	const char *ext;
	sp_ref_kind kind;
} ext_kind;

/*
 * The generic rule: a path ending in one of these is an input wherever it
 * is written.  Sorted (strcmp order) for bsearch: every number of a point
 * list or an fcurve is looked up here, so this is the reader's hot path.
 */
static const ext_kind ext_table[] = {
    {"3dl", SP_REF_CONFIG},    {"abc", SP_REF_CACHE},    {"bmp", SP_REF_TEXTURE},  {"ccfx", SP_REF_OTHER},
    {"cfx", SP_REF_OTHER},     {"cin", SP_REF_TEXTURE},  {"csp", SP_REF_CONFIG},   {"cube", SP_REF_CONFIG},
    {"dpx", SP_REF_TEXTURE},   {"exr", SP_REF_TEXTURE},  {"f3d", SP_REF_VOLUME},   {"fbx", SP_REF_CACHE},
    {"gif", SP_REF_TEXTURE},   {"hdr", SP_REF_TEXTURE},  {"hdri", SP_REF_TEXTURE}, {"ies", SP_REF_LIGHT},
    {"iff", SP_REF_TEXTURE},   {"jp2", SP_REF_TEXTURE},  {"jpeg", SP_REF_TEXTURE}, {"jpg", SP_REF_TEXTURE},
    {"lwo", SP_REF_CACHE},     {"obj", SP_REF_CACHE},    {"ocio", SP_REF_CONFIG},  {"osl", SP_REF_OTHER},
    {"oso", SP_REF_OTHER},     {"ply", SP_REF_CACHE},    {"png", SP_REF_TEXTURE},  {"ppm", SP_REF_TEXTURE},
    {"project", SP_REF_SCENE}, {"psd", SP_REF_TEXTURE},  {"ptex", SP_REF_TEXTURE}, {"ptx", SP_REF_TEXTURE},
    {"rat", SP_REF_TEXTURE},   {"rgb", SP_REF_TEXTURE},  {"sgi", SP_REF_TEXTURE},  {"spi1d", SP_REF_CONFIG},
    {"spi3d", SP_REF_CONFIG},  {"stl", SP_REF_CACHE},    {"tex", SP_REF_TEXTURE},  {"tga", SP_REF_TEXTURE},
    {"tif", SP_REF_TEXTURE},   {"tiff", SP_REF_TEXTURE}, {"tx", SP_REF_TEXTURE},   {"usd", SP_REF_CACHE},
    {"usda", SP_REF_CACHE},    {"usdc", SP_REF_CACHE},   {"usdz", SP_REF_CACHE},   {"vdb", SP_REF_VOLUME},
    {"wav", SP_REF_AUDIO},     {"webp", SP_REF_TEXTURE},
};

/* The longest extension of the table: a longer one is looked up no further. */
#define MAX_EXT 7

static int cmp_ext(const void *key, const void *elem)
{
	return strcmp(key, ((const ext_kind *)elem)->ext);
}

/*
 * The extension of the last path segment, lower-cased into `buf`, when it
 * can be one of the table: 1..MAX_EXT letters and digits.  Scans back from
 * the end, so a 40 KB value costs no more than a short one.
 */
static int value_ext(const char *value, size_t len, char buf[MAX_EXT + 1])
{
	size_t n = 0;
	int letters = 0;
	/* numbers are most of the values of a project; "jp2" is the one extension ending in a digit */
	if (len > 0 && value[len - 1] >= '0' && value[len - 1] <= '9' &&
	    !(len > 4 && (value[len - 2] | 0x20) == 'p' && (value[len - 3] | 0x20) == 'j' &&
	      value[len - 4] == '.'))
		return 0;
	for (size_t i = len; i > 0 && n <= MAX_EXT; i--, n++) {
		char c = value[i - 1];
		if (c == '.') {
			if (n == 0 || !letters)
				return 0;
			for (size_t k = 0; k < n; k++) {
				char e = value[i + k];
				buf[k] = (char)(e >= 'A' && e <= 'Z' ? e - 'A' + 'a' : e);
			}
			buf[n] = '\0';
			return 1;
		}
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			letters = 1;
		else if (!(c >= '0' && c <= '9'))
			return 0;
	}
	return 0;
}

static int is_output_attr(const char *attr)
{
	for (size_t i = 0; output_attrs[i]; i++)
		if (attr[0] == output_attrs[i][0] && strcmp(attr, output_attrs[i]) == 0)
			return 1;
	return 0;
}

/*
 * Asked for every attribute line (key lines of fcurves included), so the
 * first letter settles most names: only names starting like an output or a
 * class file attribute are compared.
 */
void cl_file_rule_for(cl_file_rule *rule, const char *cls, const char *attr)
{
	int maybe_named = 0;
	rule->mode = CL_FILES_EXT;
	rule->kind = SP_REF_OTHER;
	/* export processes write their "filename"; outputs are never inputs */
	if (!attr || (cls && cls[0] == 'P' && cl_starts_with(cls, "Process"))) {
		rule->mode = CL_FILES_NONE;
		return;
	}
	switch (attr[0]) {
	case 'd': /* deep_... outputs */
	case 'o': /* output_... */
	case 's': /* save_... */
		if (is_output_attr(attr)) {
			rule->mode = CL_FILES_NONE;
			return;
		}
		break;
	case 'f': /* filename */
	case 'i': /* ies_profile */
	case 'O': /* OSL_shader_filename */
		maybe_named = 1;
		break;
	default:
		break;
	}
	if (!cls || !maybe_named)
		return;
	for (size_t i = 0; i < sizeof(class_table) / sizeof(*class_table); i++) {
		const class_attr *c = &class_table[i];
		/* first bytes first: frame_rate, fcurve... share the 'f' of filename */
		if (attr[0] == c->attr[0] && cls[0] == c->cls[0] && strcmp(attr, c->attr) == 0 &&
		    strcmp(cls, c->cls) == 0) {
			rule->mode = CL_FILES_ALL;
			rule->kind = c->kind;
			return;
		}
	}
}

int cl_file_rule_match(const cl_file_rule *rule, const char *value, size_t len, sp_ref_kind *kind)
{
	char ext[MAX_EXT + 1];
	const ext_kind *hit = NULL;
	int has_ext;
	if (rule->mode == CL_FILES_NONE || len == 0)
		return 0;
	has_ext = value_ext(value, len, ext);
	if (has_ext)
		hit = bsearch(ext, ext_table, sizeof(ext_table) / sizeof(*ext_table), sizeof(*ext_table),
		              cmp_ext);
	if (rule->mode == CL_FILES_EXT && !hit)
		return 0;
	/* item paths ("project://...") and the empty marker are not files */
	if (strstr(value, "://") || strcmp(value, "<empty>") == 0)
		return 0;
	if (rule->mode == CL_FILES_ALL) {
		/* a context reference to an Alembic or USD file is a cache, not a project */
		*kind = rule->kind == SP_REF_SCENE && !(hit && hit->kind == SP_REF_SCENE) ? SP_REF_CACHE
		                                                                          : rule->kind;
		return 1;
	}
	/* labels and documentation strings can end in ".x" too; a path holds no line break */
	if (memchr(value, '\n', len))
		return 0;
	*kind = hit->kind;
	return 1;
}

int cl_file_kind(const char *cls, const char *attr, const char *value, sp_ref_kind *kind)
{
	cl_file_rule rule;
	if (!value)
		return 0;
	cl_file_rule_for(&rule, cls, attr);
	return cl_file_rule_match(&rule, value, strlen(value), kind);
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
		/* copy up to the next '$' or '<' at once: only they can start a token */
		size_t run = strcspn(p, "$<");
		int done;
		if (run > 0) {
			if (sp_buf_put(out, p, run) < 0)
				return SP_ENOMEM;
			p += run;
			continue;
		}
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
