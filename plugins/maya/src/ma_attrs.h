/*
 * The one data table of the Maya shim: which node types name files in
 * which attributes (long and short spellings), which attributes name
 * outputs that must never be uploaded, and the long/short aliases of the
 * render settings the layer evaluation reads.
 */
#ifndef MA_ATTRS_H
#define MA_ATTRS_H

#include "ma_util.h"

enum {
	MA_PF_FILE_NODE = 1u << 0,   /* `file`-style: .uvt tiling mode and .ufe frame extension */
	MA_PF_FRAME_EXT = 1u << 1,   /* .useFrameExtension turns the last digits into a frame token */
	MA_PF_ARRAY = 1u << 2,       /* stringArray: every element is a file */
	MA_PF_DIR = 1u << 3,         /* names a folder */
	MA_PF_CACHEFILE = 1u << 4,   /* cacheFile: <cachePath>/<cacheName>.xml */
	MA_PF_YETI = 1u << 5,        /* used only when .fileMode is not 0 */
	MA_PF_OCIO = 1u << 6,        /* used only when .cfe is on; <MAYA_RESOURCES> is the install */
	MA_PF_PATHLIST = 1u << 7,    /* several folders separated by ';' (or ':' on POSIX) */
	MA_PF_SCENE_DIR = 1u << 8,   /* relative to the scene's folder first */
	MA_PF_OPTIONAL = 1u << 9,    /* often a default nothing was written to: missing is no error */
	MA_PF_MOVIE_TYPE = 1u << 10, /* imagePlane: .t 2 is a movie, one file whatever .ufe says */
	MA_PF_BACKPLATE = 1u << 11,  /* RedshiftDomeLight back plate: used only with .backPlateEnabled */
	MA_PF_RMAN_OCIO = 1u << 12   /* rmanGlobals: used only when .ocioEnabled is on */
};

typedef struct {
	const char *type;
	const char *sname;
	const char *lname;
	sp_ref_kind kind;
	unsigned flags;
} ma_path_attr;

/* The first row for `type` and its row count (rows of one type are adjacent); NULL when none. */
const ma_path_attr *ma_path_attrs_of(const char *type, size_t *count);
/* A row naming `attr` (any spelling) on any type: for Render Setup overrides that name an attribute only. */
const ma_path_attr *ma_path_attr_any(const char *attr);

/* 1 when (type, attr) names an output (path-attributes.md §2) or a node type whose strings are no inputs. */
int ma_is_output_attr(const char *type, const char *attr);
/* 1 when a string value looks like a file with a known media, cache or scene extension. */
int ma_looks_like_path(const char *value);

/* What the walk keeps of a node's setAttrs, decided once per node type. */
typedef enum {
	MA_TYPE_PLAIN,    /* its file-table attributes and -uaf ones */
	MA_TYPE_CAMERA,   /* .renderable only */
	MA_TYPE_TIME,     /* .outTime only */
	MA_TYPE_YETI,     /* file attributes and .fileMode */
	MA_TYPE_SETTINGS, /* render settings: every setAttr (they are few and small) */
	MA_TYPE_LAYER     /* render layers and Render Setup: every setAttr, and their wiring */
} ma_type_class;

ma_type_class ma_type_class_of(const char *type);

/* Canonical (short) spelling of an attribute name, or `name` itself when unknown. */
const char *ma_attr_canon(const char *name);
/* The i-th (short, long) pair of the alias table, in its order; 0 past its end (for its tests). */
int ma_attr_alias_at(size_t i, const char **sname, const char **lname);

/* Image format extension of a Maya imageFormat (.outf) value, or NULL. */
const char *ma_image_format_name(int64_t outf);
/* Extension of a Redshift redshiftOptions.imageFormat value, or NULL. */
const char *ma_redshift_format_name(int64_t v);

#endif
