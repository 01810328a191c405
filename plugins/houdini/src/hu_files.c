/*
 * Input files named by parameters: a table of known path parameters by node
 * type (path-attributes.md §3), then a generic rule for path-like values with
 * known extensions.  ROP outputs, op:/opdef:/oplib:/temp: values and files of
 * the Houdini install are never declared.
 */
#include "hu_takes.h"
#include "hu_walk.h"

#include <ctype.h>

typedef struct {
	const char *type; /* base type, "*" for any */
	const char *parm; /* exact name; a trailing '#' matches digits, a leading '*' a suffix */
	sp_ref_kind kind;
} file_def;

static const file_def file_defs[] = {
    {"file", "file", SP_REF_CACHE},
    {"alembic", "fileName", SP_REF_CACHE},
    {"alembicarchive", "fileName", SP_REF_CACHE},
    {"alembicxform", "fileName", SP_REF_CACHE},
    {"filemerge", "file", SP_REF_CACHE},
    {"usdimport", "filepath1", SP_REF_SCENE},
    {"redshift_packedProxySOP", "RS_proxy_file", SP_REF_PROXY},
    {"mdd", "file", SP_REF_CACHE},
    {"image", "filename", SP_REF_TEXTURE},
    {"pic", "filename", SP_REF_TEXTURE},
    {"attribfrommap", "filename", SP_REF_TEXTURE},
    {"attribfrommap", "file", SP_REF_TEXTURE},
    {"heightfield_file", "file", SP_REF_TEXTURE},
    {"lineart", "image", SP_REF_TEXTURE},
    {"vm_geo_alembic", "attribfile", SP_REF_CACHE},
    {"geo", "RS_objprop_proxy_file", SP_REF_PROXY},
    {"instance", "RS_objprop_proxy_file", SP_REF_PROXY},
    {"cam", "vm_background", SP_REF_TEXTURE},
    {"cam", "vm_bokehfile", SP_REF_TEXTURE},
    {"cam", "RS_campro_distortionImage", SP_REF_TEXTURE},
    {"cam", "RS_campro_dofBokehImage", SP_REF_TEXTURE},
    {"cam", "RS_campro_lutFile", SP_REF_CONFIG},
    {"envlight", "env_map", SP_REF_TEXTURE},
    {"hlight", "light_texture", SP_REF_TEXTURE},
    {"hlight", "areamap", SP_REF_TEXTURE},
    {"hlight", "projmap", SP_REF_TEXTURE},
    {"rslightdome", "env_map", SP_REF_TEXTURE},
    {"rslightdome", "tex1", SP_REF_TEXTURE},
    {"rslight", "TextureSampler1_tex0", SP_REF_TEXTURE},
    {"rslighties", "profile", SP_REF_LIGHT},
    {"arnold_light", "ar_light_color_texture", SP_REF_TEXTURE},
    {"arnold_light", "ar_filename", SP_REF_LIGHT},
    {"arnold_procedural", "ar_filename", SP_REF_PROXY},
    {"procedural", "ar_filename", SP_REF_PROXY},
    {"arnold_volume", "ar_filename", SP_REF_VOLUME},
    {"rbdfracturedobject", "volumefile", SP_REF_VOLUME},
    {"sublayer", "filepath#", SP_REF_SCENE},
    {"reference", "filepath#", SP_REF_SCENE},
    {"loadlayer", "filepath", SP_REF_SCENE},
    {"assetreference", "filepath", SP_REF_SCENE},
    {"layer", "filepath", SP_REF_SCENE},
    {"payload", "filepath", SP_REF_SCENE},
    {"*", "xn__inputstexturefile_*", SP_REF_TEXTURE},
    {"principledshader", "*_texture", SP_REF_TEXTURE},
    {"principledshader", "*_bumpTexture", SP_REF_TEXTURE},
    {"classicshader", "*Texture", SP_REF_TEXTURE},
    {"classicshader", "*Texture2", SP_REF_TEXTURE},
    {"texture", "map", SP_REF_TEXTURE},
    {"v_texture", "map", SP_REF_TEXTURE},
    {"mtlximage", "file", SP_REF_TEXTURE},
    {"mtlxtiledimage", "file", SP_REF_TEXTURE},
    {"usduvtexture", "file", SP_REF_TEXTURE},
    {"image", "filename", SP_REF_TEXTURE},
    {"TextureSampler", "tex#", SP_REF_TEXTURE},
    {"NormalMap", "tex0", SP_REF_TEXTURE},
    {"Sprite", "tex0", SP_REF_TEXTURE},
    {"CameraMap", "tex0", SP_REF_TEXTURE},
    {"pxrtexture", "filename", SP_REF_TEXTURE},
    {"pxrptexture", "filename", SP_REF_TEXTURE},
    {"pxrnormalmap", "filename", SP_REF_TEXTURE},
    {"pxrbump", "filename", SP_REF_TEXTURE},
    {"pxrdomelight", "lightColorMap", SP_REF_TEXTURE},
    {"pxrrectlight", "lightColorMap", SP_REF_TEXTURE},
    {"VRayNodeMetaImageFile", "BitmapBuffer_file", SP_REF_TEXTURE},
    {"VRayNodeTexOSL", "shader_file", SP_REF_OTHER},
    {"VRayNodeLightIES", "ies_file", SP_REF_LIGHT},
    {"*", "A_FILENAME", SP_REF_TEXTURE},
    {"*", "A_FILENAME2", SP_REF_TEXTURE},
    {"*", "ogl_tex#", SP_REF_TEXTURE},
    {"*", "ogl_bumpmap", SP_REF_TEXTURE},
    {"*", "ogl_normalmap", SP_REF_TEXTURE},
    {"*", "ogl_specmap", SP_REF_TEXTURE},
    {"*", "ogl_roughmap", SP_REF_TEXTURE},
    {"*", "ogl_opacitymap", SP_REF_TEXTURE},
    {"*", "ogl_envmap", SP_REF_TEXTURE},
    {"Redshift_ROP", "RS_OCIOPath", SP_REF_CONFIG},
    {"opengl", "bgimage", SP_REF_TEXTURE},
    {"arnold_image", "filename", SP_REF_TEXTURE},
    {"file", "filename", SP_REF_TEXTURE}, /* Cop2/file */
    {"file", "filename#", SP_REF_TEXTURE},
    {"composite", "inputfile", SP_REF_TEXTURE},
    {"sound", "file", SP_REF_AUDIO},
};

/* Parameters farm scanners skip: not inputs, or not files (path-attributes.md §3.10). */
static const char *const excluded_parms[] = {
    "soho_program",
    "env_skymap",
    "shadowmap_file",
    "kernelfile",
    "cachedir",
    "filedef",
    "cuspfile",
    "inputgeo",
    "vm_dcmfilename",
    "dcmfilename", /* Karma's deep camera map: an output, written only with dcm on */
    "prerender",
    "preframe",
    "postframe",
    "ass_file",
    "postwrite",
    "postrender",
    "maskname",
    "restvolumes",
    "displacefile",
    "taskgraphfile",
    "pdg_workingdir",
    "tempdircustom",
    "debughip",
    "perffile",
    "outputfilepath",
    "framelistfile",
    "pc_file",
    "photon_map",
    "photon_prefiltermap",
    "sss_pcname",
    "explicitcachename",
    "playfilesname",
    "cmd_files",
    "sep_files",
    "savetodirectory_directory",
    "lopoutput",
    "python",
    "pythonpath",
    /* outputs of ROPs and of the writers inside other networks (§3.8): never inputs */
    "vm_picture",
    "picture",
    "sopoutput",
    "copoutput",
    "dopoutput",
    "chopoutput",
    "ar_picture",
    "outputimage",
    "RS_outputFileNamePrefix",
    "RS_archive_file",
    "soho_diskfile",
    "vm_dsmfilename",
    "vm_uvoutputpicture1",
    "SettingsOutput_img_file_path",
    "render_export_filepath",
    "OutputDeepWriter_file",
    "BakeView_img_file_path",
    "ar_ass_file",
    "HO_img_fileName",
    "productName", /* a USD Render Product's image: what the render writes */
    NULL,
};

/* An extension, its length and its kind. */
#define EXT(e, k)                                                                                            \
	{                                                                                                    \
		e, sizeof(e) - 1, k                                                                          \
	}
static const struct {
	const char *ext;
	size_t len;
	sp_ref_kind kind;
} extensions[] = {
    EXT(".exr", SP_REF_TEXTURE),     EXT(".tif", SP_REF_TEXTURE),   EXT(".tiff", SP_REF_TEXTURE),
    EXT(".tx", SP_REF_TEXTURE),      EXT(".rat", SP_REF_TEXTURE),   EXT(".png", SP_REF_TEXTURE),
    EXT(".jpg", SP_REF_TEXTURE),     EXT(".jpeg", SP_REF_TEXTURE),  EXT(".hdr", SP_REF_TEXTURE),
    EXT(".hdri", SP_REF_TEXTURE),    EXT(".pic", SP_REF_TEXTURE),   EXT(".tga", SP_REF_TEXTURE),
    EXT(".tex", SP_REF_TEXTURE),     EXT(".psd", SP_REF_TEXTURE),   EXT(".bmp", SP_REF_TEXTURE),
    EXT(".bgeo", SP_REF_CACHE),      EXT(".bgeo.sc", SP_REF_CACHE), EXT(".bgeo.gz", SP_REF_CACHE),
    EXT(".bgeo.lzma", SP_REF_CACHE), EXT(".geo", SP_REF_CACHE),     EXT(".geo.gz", SP_REF_CACHE),
    EXT(".obj", SP_REF_CACHE),       EXT(".fbx", SP_REF_CACHE),     EXT(".abc", SP_REF_CACHE),
    EXT(".ply", SP_REF_CACHE),       EXT(".stl", SP_REF_CACHE),     EXT(".bhclassic", SP_REF_CACHE),
    EXT(".sim", SP_REF_CACHE),       EXT(".simdata", SP_REF_CACHE), EXT(".vdb", SP_REF_VOLUME),
    EXT(".usd", SP_REF_SCENE),       EXT(".usda", SP_REF_SCENE),    EXT(".usdc", SP_REF_SCENE),
    EXT(".usdz", SP_REF_SCENE),      EXT(".rs", SP_REF_PROXY),      EXT(".ass", SP_REF_PROXY),
    EXT(".ass.gz", SP_REF_PROXY),    EXT(".vrmesh", SP_REF_PROXY),  EXT(".vrscene", SP_REF_PROXY),
    EXT(".rib", SP_REF_PROXY),       EXT(".ies", SP_REF_LIGHT),     EXT(".ocio", SP_REF_CONFIG),
    EXT(".cube", SP_REF_CONFIG),     EXT(".lut", SP_REF_CONFIG),    EXT(".wav", SP_REF_AUDIO),
    EXT(".aif", SP_REF_AUDIO),       EXT(".aiff", SP_REF_AUDIO),    EXT(".mp3", SP_REF_AUDIO),
    EXT(".clip", SP_REF_CACHE),      EXT(".bclip", SP_REF_CACHE),   EXT(".hda", SP_REF_OTHER),
    EXT(".otl", SP_REF_OTHER),       EXT(".hdanc", SP_REF_OTHER),   EXT(".hdalc", SP_REF_OTHER),
};
#undef EXT

/*
 * Default values of built-in parameters that name files shipped with Houdini
 * (found on HOUDINI_PATH, never next to the scene): a bare name from this
 * list is not a dependency.
 */
static const char *const bundled_files[] = {
    "default.pic",       "defcam.bgeo",       "defgeo.bgeo", "default.bgeo", "pointlight.bgeo",
    "butterfly1.pic",    "Mandril.pic",       "mandril.pic", "Mandril.rat",  "circle.pic",
    "defaultlight.bgeo", "testgeometry.bgeo", NULL,
};

static int is_bundled(const char *v)
{
	for (size_t i = 0; bundled_files[i]; i++)
		if (bundled_files[i][0] == v[0] && strcmp(bundled_files[i], v) == 0)
			return 1;
	return 0;
}

static int name_matches(const char *pattern, const char *name)
{
	size_t pl = strlen(pattern), nl = strlen(name);
	if (pattern[0] == '*')
		return nl >= pl - 1 && strcmp(name + nl - (pl - 1), pattern + 1) == 0;
	if (pl && pattern[pl - 1] == '*') /* USD-encoded names: skip the "_control_" companions */
		return strncmp(pattern, name, pl - 1) == 0 && !strstr(name, "_control_");
	if (pl && pattern[pl - 1] == '#') {
		if (strncmp(pattern, name, pl - 1) != 0 || !name[pl - 1])
			return 0;
		for (const char *p = name + pl - 1; *p; p++)
			if (*p < '0' || *p > '9')
				return 0;
		return 1;
	}
	return strcmp(pattern, name) == 0;
}

/* The table's entries for one node type (its own and the "*" ones), found once per type. */
typedef struct {
	const char *type; /* the interned type they were found for */
	char base[128];
	int rop;
	const file_def *defs[sizeof(file_defs) / sizeof(*file_defs)];
	size_t ndefs;
	unsigned char first[32]; /* bit c: some entry's pattern can match a name starting with byte c */
} type_defs;

/*
 * Parameters named for what a node writes (sOutputFile of the Labs Maps
 * Baker, output_picture of Volume Texture, sopoutputlow...): the generic
 * extension rule takes them for outputs, never for inputs.
 */
static int names_an_output(const char *parm)
{
	static const char *const words[] = {"output", "export"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		for (const char *p = parm; *p; p++) {
			size_t k = 0;
			while (words[i][k] && tolower((unsigned char)p[k]) == words[i][k])
				k++;
			if (!words[i][k])
				return 1;
		}
	}
	return 0;
}

static int is_rop_node(const char *base);

static void type_defs_for(type_defs *t, const char *type)
{
	if (t->ndefs != SIZE_MAX && t->type == type)
		return; /* types are interned: nodes of one type share the pointer */
	t->type = type;
	t->ndefs = 0;
	hu_base_type(type, t->base, sizeof(t->base));
	t->rop = is_rop_node(t->base);
	memset(t->first, 0, sizeof(t->first));
	for (size_t i = 0; i < sizeof(file_defs) / sizeof(*file_defs); i++)
		if (file_defs[i].type[0] == '*' || strcmp(file_defs[i].type, t->base) == 0) {
			const char *pat = file_defs[i].parm;
			t->defs[t->ndefs++] = &file_defs[i];
			/* "*x" and a lone "#" match names starting with anything; the others only their first
			 * byte */
			if (pat[0] == '*' || (pat[0] == '#' && pat[1] == '\0'))
				memset(t->first, 0xff, sizeof(t->first));
			else
				t->first[(unsigned char)pat[0] >> 3] |=
				    (unsigned char)(1u << ((unsigned char)pat[0] & 7));
		}
}

/*
 * type_defs of the last few types, by type: a network mixes a handful of
 * types node after node, and each costs a pass over the table once.
 */
#define TYPE_CACHE 64
#define TYPE_PROBE 4 /* slots a type may sit in: its own and the next three */
/*
 * What a parameter record is to nodes of one type: its table entry, and the
 * kind its saved value has by extension.  Records are shared by the nodes
 * that save a line alike (hu_parse_parm_with), so most parameters of a big
 * network are answered here, not by the table and the extension list again.
 */
#define MEMO_SLOTS 8192
typedef struct {
	const char *type; /* interned */
	const hu_parm *p;
	const file_def *def;
	sp_ref_kind ext; /* kind_by_extension of p->vals[0] */
} parm_memo;

typedef struct {
	type_defs slot[TYPE_CACHE];
	parm_memo memo[MEMO_SLOTS];
} type_cache;

static type_cache *type_cache_new(void)
{
	type_cache *c = hu_calloc(1, sizeof(*c));
	for (size_t i = 0; c && i < TYPE_CACHE; i++)
		c->slot[i].ndefs = SIZE_MAX;
	return c;
}

static type_defs *type_defs_of(type_cache *c, const char *type)
{
	/* types are interned: the pointer names the type */
	size_t i = (size_t)(((uint64_t)(uintptr_t)type * 0x9e3779b97f4a7c15ull) >> 58) % TYPE_CACHE;
	/* the type's slot, else the first free one after it, else its own slot is reused */
	for (size_t k = 0; k < TYPE_PROBE; k++) {
		type_defs *t = &c->slot[(i + k) % TYPE_CACHE];
		if (t->ndefs == SIZE_MAX || t->type == type) {
			type_defs_for(t, type);
			return t;
		}
	}
	type_defs_for(&c->slot[i], type);
	return &c->slot[i];
}

static const file_def *table_lookup(const type_defs *t, const char *parm)
{
	unsigned char c = (unsigned char)parm[0];
	if (!(t->first[c >> 3] & (1u << (c & 7))))
		return NULL; /* most parameters: no entry starts as they do */
	for (size_t i = 0; i < t->ndefs; i++)
		if (name_matches(t->defs[i]->parm, parm))
			return t->defs[i];
	return NULL;
}

static int is_excluded(const char *parm)
{
	/* the first byte tells most names apart without a call */
	for (size_t i = 0; excluded_parms[i]; i++)
		if (excluded_parms[i][0] == parm[0] && strcmp(excluded_parms[i], parm) == 0)
			return 1;
	return name_matches("vm_filename_plane#", parm) || name_matches("ri_display_#", parm);
}

/* A last path segment without an extension ("ImageFile") is a placeholder, not a file. */
static int has_extension(const char *v)
{
	const char *slash = strrchr(v, '/'), *bslash = strrchr(v, '\\'), *tail = v;
	if (slash)
		tail = slash + 1;
	if (bslash && bslash + 1 > tail)
		tail = bslash + 1;
	return strchr(tail, '.') != NULL || strchr(tail, '$') != NULL || strchr(tail, '`') != NULL;
}

/* Parameters that only count when a companion toggle is on. */
static int inactive(const hu_node *node, const char *parm, const char *value)
{
	const char *on;
	if (strcmp(parm, "RS_objprop_proxy_file") == 0) {
		on = hu_node_value(node, "RS_objprop_proxy_enable", 0);
		return !on || (strcmp(on, "on") != 0 && strcmp(on, "1") != 0);
	}
	/* the OCIO config shipped inside the Redshift install */
	if (strcmp(parm, "RS_OCIOPath") == 0)
		return strstr(value, "/Redshift/") != NULL || strstr(value, "\\Redshift\\") != NULL;
	return 0;
}

/* The kind by extension for the generic rule; 0 when the value does not look like a file. */
static sp_ref_kind kind_by_extension(const char *value)
{
	size_t n;
	/* without a folder part the value is more likely a suffix or a name than a file (most values) */
	if (!strpbrk(value, "/\\"))
		return (sp_ref_kind)0;
	n = strlen(value);
	if (n < 3 || n > 1024 || strchr(value, '\n'))
		return (sp_ref_kind)0;
	for (size_t i = 0; i < sizeof(extensions) / sizeof(*extensions); i++) {
		/* the last byte first, as hu_ends_with_nocase compares it (extensions are lower case) */
		const char *ext = extensions[i].ext;
		size_t m = extensions[i].len;
		char last = value[n - 1];
		if (m > n || (char)(last >= 'A' && last <= 'Z' ? last + 32 : last) != ext[m - 1])
			continue;
		if (hu_ends_with_nocase(value, ext))
			return extensions[i].kind;
	}
	return (sp_ref_kind)0;
}

/* Values that are not files on disk: embedded, temporary, viewer, install. */
static int is_pseudo_path(const char *v)
{
	static const char *const prefixes[] = {"op:",  "opdef:", "oplib:", "temp:", "$HH",
	                                       "$HFS", "${HH}",  "${HFS}", NULL};
	size_t n;
	/* (every prefix starts with 'o', 't' or '$') */
	for (size_t i = 0; (v[0] == 'o' || v[0] == 't' || v[0] == '$') && prefixes[i]; i++)
		if (hu_starts_with(v, prefixes[i]))
			return 1;
	/* programs the artist's machine runs (a spare "file" parm to blender.exe) are not scene assets */
	n = strlen(v);
	if (n >= 4 && v[n - 4] == '.' &&
	    (hu_ends_with_nocase(v, ".exe") || hu_ends_with_nocase(v, ".bat") ||
	     hu_ends_with_nocase(v, ".cmd")))
		return 1;
	return strcmp(v, "ip") == 0 || strcmp(v, "md") == 0 || strcmp(v, "*") == 0;
}

/* Dual parameters that write instead of read in the node's current mode. */
static int writes_in_mode(const char *base, const hu_node *node, const char *parm)
{
	const char *mode;
	if (strcmp(base, "file") == 0 && strcmp(parm, "file") == 0) {
		mode = hu_node_value(node, "filemode", 0);
		return mode && (strcmp(mode, "write") == 0 || strcmp(mode, "none") == 0);
	}
	if (strcmp(base, "isooffset") == 0 && strcmp(parm, "filename") == 0) {
		/* the IsoOffset SOP reads its SDF file only in "read" mode; "none" (the default) reads
		 * nothing */
		mode = hu_node_value(node, "filemode", 0);
		return !mode || strcmp(mode, "read") != 0;
	}
	if ((strcmp(base, "filecache") == 0 || strcmp(base, "dopio") == 0) && strcmp(parm, "file") == 0) {
		mode = hu_node_value(node, "loadfromdisk", 0);
		return !mode || (strcmp(mode, "on") != 0 && strcmp(mode, "1") != 0);
	}
	return 0;
}

static int is_rop_node(const char *base)
{
	static const char *const rops[] = {"ifd",
	                                   "karma",
	                                   "usdrender",
	                                   "usdrender_rop",
	                                   "arnold",
	                                   "Redshift_ROP",
	                                   "ris",
	                                   "vray_renderer",
	                                   "Octane_ROP",
	                                   "opengl",
	                                   "baketexture",
	                                   "comp",
	                                   "rop_comp",
	                                   "geometry",
	                                   "rop_geometry",
	                                   "alembic",
	                                   "rop_alembic",
	                                   "usd",
	                                   "usd_rop",
	                                   "usdexport",
	                                   "Redshift_Proxy_Output",
	                                   "filmboxfbx",
	                                   "rop_fbx",
	                                   "rop_vrayproxy",
	                                   "dop",
	                                   "rop_dop",
	                                   "afanasy",
	                                   "fetch",
	                                   "wedge",
	                                   "Redshift_IPR",
	                                   "ropgeometry",
	                                   "ropcomposite",
	                                   "ropfetch",
	                                   "ropmantra",
	                                   "ffmpegencodevideo",
	                                   "topnet",
	                                   NULL};
	for (size_t i = 0; rops[i]; i++)
		if (strcmp(rops[i], base) == 0)
			return 1;
	return 0;
}

/*
 * A cache an enabled ROP of this scene writes: the farm produces it before it
 * is read, so its absence on this machine is no error.
 */
static int written_by_rop(const sp_scene *scene, const char *path)
{
	for (size_t i = 0; i < sp_scene_unit_count(scene); i++) {
		const sp_unit *u = sp_scene_unit_at(scene, i);
		const char *out = sp_unit_get(u, SP_PROP_OUTPUT);
		if (sp_unit_renderable(u) && out && strcmp(out, path) == 0)
			return 1;
	}
	return 0;
}

static int declare(sp_scene *scene, const hu_env *env, const hu_node *node, const char *parm, const char *raw,
                   sp_ref_kind kind, sp_buf *path)
{
	sp_fileref ref = SP_FILEREF_INIT;
	int unresolved = 0;
	int error = hu_expand(path, &unresolved, env, node, raw);
	if (error < 0)
		return sp_ctx_error(env->ctx, error, "out of memory");
	if (unresolved && node && hu_rop_reports(node, parm))
		return 0;
	if (unresolved)
		return sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                        "%s: parameter %s: expression not evaluated in '%s'",
		                        node ? node->path : "/", parm, raw);
	if (path->size == 0 || is_pseudo_path(path->ptr))
		return 0;
	ref.path = path->ptr;
	ref.kind = kind;
	ref.flags = hu_ref_flags(path->ptr);
	if (written_by_rop(scene, path->ptr))
		ref.flags |= SP_REF_OPTIONAL;
	ref.node = node ? node->path : NULL;
	ref.attr = parm;
	ref.source = sp_scene_path(scene);
	ref.line = 0;
	return sp_scene_add_file(scene, &ref);
}

/* A spare parameter the file itself types as a file, image or geometry. */
static int spare_kind(const hu_node *node, const char *parm, sp_ref_kind *kind)
{
	for (size_t i = 0; node->extra && i < node->extra->spare_files.count; i++) {
		const char *e = node->extra->spare_files.items[i];
		if (!name_matches(e + 1, parm))
			continue;
		*kind = e[0] == 'i' ? SP_REF_TEXTURE : e[0] == 'g' ? SP_REF_CACHE : SP_REF_OTHER;
		return 1;
	}
	return 0;
}

/* The table entry and the saved value's kind of record p for type t: from the memo, else found and kept. */
static const parm_memo *memo_of(type_cache *c, const type_defs *t, const hu_parm *p, parm_memo *one)
{
	uint64_t key = (uint64_t)(uintptr_t)p ^ ((uint64_t)(uintptr_t)t->type * 0x9e3779b97f4a7c15ull);
	parm_memo *m = c ? &c->memo[(key * 0xbf58476d1ce4e5b9ull) >> 51 & (MEMO_SLOTS - 1)] : one;
	if (c && m->p == p && m->type == t->type)
		return m;
	m->type = t->type;
	m->p = p;
	m->def = table_lookup(t, p->name);
	m->ext = p->ncomp ? kind_by_extension(p->vals[0]) : (sp_ref_kind)0;
	return m;
}

/* One parameter of a node: declared as an input file when it names one. */
static int parm_file(sp_scene *scene, const hu_env *env, const hu_node *node, type_defs *t, type_cache *c,
                     const hu_parm *p, const char *constructed, sp_buf *path)
{
	const file_def *def;
	sp_ref_kind kind;
	parm_memo one;
	const parm_memo *m;
	const char *v;
	/* most parameters: a saved value (no channel, no spare typing) that the memo says names no file */
	if (c && !p->animated && !constructed && !(node->extra && node->extra->spare_files.count)) {
		m = memo_of(c, t, p, &one);
		if (!m->def && (t->rop || !m->ext))
			return 0;
	}
	v = hu_parm_string(node, p);
	/* a constructed File Cache reads what it writes: the path its parts build */
	if (constructed && strcmp(p->name, "file") == 0)
		v = constructed;
	if (!v || !*v)
		return 0;
	m = memo_of(c, t, p, &one);
	def = m->def;
	if (def) {
		kind = def->kind;
	} else if (!t->rop && spare_kind(node, p->name, &kind)) {
		sp_ref_kind by_ext = v == p->vals[0] ? m->ext : kind_by_extension(v);
		if (by_ext)
			kind = by_ext;
	} else if (t->rop || !(kind = v == p->vals[0] ? m->ext : kind_by_extension(v)) ||
	           names_an_output(p->name)) {
		/* (the value test first: it rejects most parameters at once) */
		return 0;
	}
	if (is_excluded(p->name) || is_pseudo_path(v) || is_bundled(v) ||
	    writes_in_mode(t->base, node, p->name) || inactive(node, p->name, v) || !has_extension(v))
		return 0;
	if (!(constructed && strcmp(p->name, "file") == 0) && hu_parm_opaque(node, p))
		/* the saved value is one frame's evaluation: reported, not declared as if it were the path */
		return hu_rop_reports(node, p->name)
		           ? 0
		           : sp_scene_add_tip(scene, SP_TIP_UNRESOLVED_EXPRESSION,
		                              "%s: parameter %s follows a Python expression or keyframes, "
		                              "not evaluated (saved value '%s')",
		                              node->path, p->name, v);
	return declare(scene, env, node, p->name, v, kind, path);
}

/* 1 when override i of the node is the first of its name and names no saved parameter. */
static int take_only_parm(const hu_node *node, size_t i)
{
	const char *name = node->take->items[i]->name;
	for (size_t k = 0; k < i; k++)
		if (strcmp(node->take->items[k]->name, name) == 0)
			return 0;
	for (size_t k = 0; k < node->nparms; k++)
		if (strcmp(node->parms[k]->name, name) == 0)
			return 0;
	return 1;
}

static int node_files(sp_scene *scene, const hu_env *env, const hu_node *node, type_cache *types,
                      sp_buf *path)
{
	type_defs *t;
	sp_buf built = SP_BUF_INIT;
	int error = hu_filecache_path(&built, env, node);
	const char *constructed = error == 1 ? sp_buf_cstr(&built) : NULL;
	if (error < 0) {
		sp_buf_dispose(&built);
		return sp_ctx_error(env->ctx, error, "out of memory");
	}
	error = 0;
	t = type_defs_of(types, node->type);
	/* a node the active take overrides reads the take's values (hu_node_parm) */
	for (size_t i = 0; i < node->nparms && error >= 0; i++)
		error = parm_file(scene, env, node, t, types,
		                  node->take ? hu_node_parm(node, node->parms[i]->name) : node->parms[i],
		                  constructed, path);
	for (size_t i = 0; node->take && i < node->take->count && error >= 0; i++)
		if (take_only_parm(node, i))
			error =
			    parm_file(scene, env, node, t, types, node->take->items[i], constructed, path);
	sp_buf_dispose(&built);
	return error;
}

/* .OPlibraries: the HDA files installed for this scene, except the install's own. */
static int library_files(sp_scene *scene, const hu_env *env, sp_buf *path)
{
	const hu_store *st = env->st;
	int error = 0;
	for (size_t i = 0; i < st->libraries.count && error >= 0; i++) {
		const char *lib = st->libraries.items[i];
		if (is_pseudo_path(lib) || strcmp(lib, "Embedded") == 0 ||
		    strcmp(lib, "Scanned Asset Library Directories") == 0)
			continue;
		error = declare(scene, env, NULL, "OPlibraries", lib, SP_REF_OTHER, path);
	}
	return error;
}

int hu_walk_files(sp_scene *scene, const hu_env *env)
{
	sp_buf path = SP_BUF_INIT;
	type_cache *types = type_cache_new();
	int error = types ? 0 : sp_ctx_error(env->ctx, SP_ENOMEM, "out of memory");
	for (size_t i = 0; i < env->st->count && error >= 0; i++)
		error = node_files(scene, env, hu_store_at(env->st, i), types, &path);
	if (error >= 0)
		error = library_files(scene, env, &path);
	sp_buf_dispose(&path);
	hu_free(types);
	return error;
}

/* The overrides of take `take`'s chain that the active chain does not hold, as the take shows them. */
static int take_files(sp_scene *scene, const hu_env *env, size_t take, size_t active, sp_buf *path)
{
	hu_takes *tk = env->takes;
	sp_buf built = SP_BUF_INIT;
	type_defs t;
	int error = hu_takes_select(tk, take);
	t.ndefs = SIZE_MAX;
	for (size_t i = 0; i < tk->nover && error >= 0; i++) {
		const hu_tover *o = &tk->overs[i];
		const hu_node *node;
		if (!hu_takes_in_chain(tk, take, o->take) || hu_takes_in_chain(tk, active, o->take) ||
		    (node = hu_store_find(env->st, o->node)) == NULL || !node->type)
			continue;
		error = hu_filecache_path(&built, env, node);
		if (error < 0)
			break;
		if (error == 1) { /* a constructed File Cache: its path is built from its parts */
			error = 0;
			continue;
		}
		type_defs_for(&t, node->type);
		for (size_t k = 0; k < o->held.nparms && error >= 0; k++)
			/* only the value in force: a nearer take may override it again */
			if (hu_node_parm(node, o->held.parms[k]->name) == o->held.parms[k])
				error = parm_file(scene, env, node, &t, NULL, o->held.parms[k], NULL, path);
	}
	sp_buf_dispose(&built);
	return error == SP_ENOMEM ? sp_ctx_error(env->ctx, error, "out of memory") : error;
}

int hu_walk_take_files(sp_scene *scene, const hu_env *env)
{
	hu_takes *tk = env->takes;
	sp_buf path = SP_BUF_INIT;
	size_t active;
	int error = 0;
	if (!tk || tk->names.count == 0)
		return 0;
	active = hu_takes_active(tk);
	for (size_t i = 0; i < tk->nused && error >= 0; i++)
		if (tk->used[i] != active)
			error = take_files(scene, env, tk->used[i], active, &path);
	if (error >= 0)
		error = hu_takes_select(tk, active);
	sp_buf_dispose(&path);
	return error == SP_ENOMEM ? sp_ctx_error(env->ctx, error, "out of memory") : error;
}

/*
 * Redshift's ROPs record the plug-in that saved them: "redshidt_plugin_version
 * ( 3 0 66 )" (sic) in mops_redshift_proxy.hip.  Written as "3.0.66".
 */
static int redshift_version(sp_scene *scene, const hu_store *st)
{
	for (size_t i = 0; i < st->count; i++) {
		const hu_parm *p = hu_node_parm(hu_store_at(st, i), "redshidt_plugin_version");
		sp_buf v = SP_BUF_INIT;
		int error = 0;
		if (!p)
			p = hu_node_parm(hu_store_at(st, i), "redshift_plugin_version");
		if (!p || p->ncomp == 0)
			continue;
		for (size_t c = 0; c < p->ncomp && error >= 0; c++)
			error = sp_buf_printf(&v, "%s%s", c ? "." : "", p->vals[c]);
		if (error >= 0)
			error = sp_scene_add_plugin(scene, "redshift", sp_buf_cstr(&v), 1);
		sp_buf_dispose(&v);
		return error;
	}
	return 0;
}

int hu_add_plugins(sp_scene *scene, const hu_store *st)
{
	static const struct {
		const char *prefix;
		const char *plugin;
	} plugins[] = {
	    {"Redshift", "redshift"}, {"redshift", "redshift"}, {"rs", "redshift"}, {"arnold", "htoa"},
	    {"ris", "renderman"},     {"pxr", "renderman"},     {"VRay", "vray"},   {"vray", "vray"},
	    {"Octane", "octane"},     {"octane", "octane"},
	};
	int error = 0;
	/* every node type is stored once, in the order the nodes first used it */
	for (size_t i = 0; i < st->types.count && error >= 0; i++) {
		const char *type = st->types.items[i];
		char base[128];
		hu_base_type(type, base, sizeof(base));
		for (size_t k = 0; k < sizeof(plugins) / sizeof(*plugins) && error >= 0; k++) {
			int hit = hu_starts_with(type, plugins[k].prefix);
			if (strcmp(plugins[k].prefix, "rs") == 0)
				hit = hu_starts_with(base, "rslight") || hu_starts_with(base, "rsgeo");
			if (strcmp(plugins[k].prefix, "ris") == 0)
				hit = strcmp(base, "ris") == 0;
			if (hit)
				error = sp_scene_add_plugin(scene, plugins[k].plugin, NULL, 0);
		}
	}
	if (error >= 0)
		error = redshift_version(scene, st);
	return error;
}
