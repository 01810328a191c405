/*
 * Files that name more files (path-attributes.md §4).  Each file the
 * analysis finds is matched by its name (and, for .usd, its first bytes) to
 * a reader in deps_*.c, read once per analysis as a stream of bounded lines,
 * and what it names is declared as further references, which the analysis
 * loop resolves and, when they are nested files too, hands back here.
 *
 * Guards: a file is read once per analysis whatever the number of paths to
 * it (a file reached again from one of its own descendants is a cycle and
 * gets a tip), nesting stops at MAX_DEPTH, and nothing named is written or
 * executed: the readers only open files for reading.
 */
#include "deps.h"
#include "deps_fmt.h"
#include "os.h"
#include "seq.h"
#include "sp/paths.h"
#include "sp/tips.h"

#include <zlib.h>

#define MAX_DEPTH       16
#define CHUNK_SIZE      (64u * 1024u)
#define MAX_SEARCH_DIRS 64

typedef enum {
	FMT_NONE = 0,
	FMT_ASS,
	FMT_ASS_GZ,
	FMT_VRSCENE,
	FMT_RIB,
	FMT_RIB_GZ,
	FMT_RLF,
	FMT_XGEN,
	FMT_USDA,
	FMT_USD, /* text or crate: decided by the first bytes */
	FMT_OCIO,
	FMT_MTLX,
	FMT_RS /* binary Redshift proxy: scanned for path text */
} dep_format;

/* A nested file read (or refused) during this analysis. */
typedef struct {
	size_t depth; /* 1 for a file the scene names, 2 for one that file names... */
	char *parent; /* dedupe key of the file that named it, NULL for the scene */
} seen_file;

struct sp_deps {
	sp_ctx *ctx;
	sp_map *seen; /* dedupe key -> seen_file* */
};

static void seen_free(void *p)
{
	seen_file *sf = p;
	if (!sf)
		return;
	sp__free(sf->parent);
	sp__free(sf);
}

int sp__deps_new(sp_deps **out, sp_ctx *ctx)
{
	sp_deps *deps = sp__calloc(1, sizeof(*deps));
	*out = NULL;
	if (!deps || sp_map_new(&deps->seen) < 0) {
		sp__free(deps);
		return sp__oom(ctx);
	}
	deps->ctx = ctx;
	*out = deps;
	return 0;
}

void sp__deps_free(sp_deps *deps)
{
	if (!deps)
		return;
	sp_map_free(deps->seen, seen_free);
	sp__free(deps);
}

/* ---- helpers shared with the readers ------------------------------------------------ */

int sp__deps_ext_is(const char *path, const char *ext)
{
	size_t n = strlen(path), e = strlen(ext);
	return n > e && sp__strcasecmp(path + n - e, ext) == 0;
}

void sp__deps_trim(const char **p, size_t *len)
{
	while (*len > 0 && sp__isspace((unsigned char)**p)) {
		(*p)++;
		(*len)--;
	}
	while (*len > 0 && sp__isspace((unsigned char)(*p)[*len - 1]))
		(*len)--;
}

int sp__deps_word_is(const char *p, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(p, word, len) == 0;
}

static dep_format format_of(const char *path)
{
	static const struct {
		const char *ext;
		dep_format fmt;
	} table[] = {{".ass", FMT_ASS},   {".ass.gz", FMT_ASS_GZ}, {".vrscene", FMT_VRSCENE},
	             {".rib", FMT_RIB},   {".rib.gz", FMT_RIB_GZ}, {".rlf", FMT_RLF},
	             {".xgen", FMT_XGEN}, {".usda", FMT_USDA},     {".usd", FMT_USD},
	             {".ocio", FMT_OCIO}, {".mtlx", FMT_MTLX},     {".rs", FMT_RS}};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (sp__deps_ext_is(path, table[i].ext))
			return table[i].fmt;
	return FMT_NONE;
}

static sp_ref_kind kind_of_ext(const char *path)
{
	static const struct {
		const char *ext;
		sp_ref_kind kind;
	} table[] = {{".tx", SP_REF_TEXTURE},  {".tex", SP_REF_TEXTURE},  {".exr", SP_REF_TEXTURE},
	             {".png", SP_REF_TEXTURE}, {".jpg", SP_REF_TEXTURE},  {".jpeg", SP_REF_TEXTURE},
	             {".tif", SP_REF_TEXTURE}, {".tiff", SP_REF_TEXTURE}, {".hdr", SP_REF_TEXTURE},
	             {".tga", SP_REF_TEXTURE}, {".ptx", SP_REF_TEXTURE},  {".psd", SP_REF_TEXTURE},
	             {".abc", SP_REF_CACHE},   {".bgeo", SP_REF_CACHE},   {".bgeo.sc", SP_REF_CACHE},
	             {".fbx", SP_REF_CACHE},   {".obj", SP_REF_CACHE},    {".xgd", SP_REF_CACHE},
	             {".mc", SP_REF_CACHE},    {".ass", SP_REF_PROXY},    {".ass.gz", SP_REF_PROXY},
	             {".rs", SP_REF_PROXY},    {".vrmesh", SP_REF_PROXY}, {".vrscene", SP_REF_PROXY},
	             {".rib", SP_REF_PROXY},   {".rib.gz", SP_REF_PROXY}, {".usd", SP_REF_SCENE},
	             {".usda", SP_REF_SCENE},  {".usdc", SP_REF_SCENE},   {".usdz", SP_REF_SCENE},
	             {".vdb", SP_REF_VOLUME},  {".f3d", SP_REF_VOLUME},   {".ies", SP_REF_LIGHT},
	             {".ocio", SP_REF_CONFIG}, {".spi1d", SP_REF_CONFIG}, {".spi3d", SP_REF_CONFIG},
	             {".cube", SP_REF_CONFIG}, {".3dl", SP_REF_CONFIG},   {".csp", SP_REF_CONFIG},
	             {".cdl", SP_REF_CONFIG},  {".cc", SP_REF_CONFIG},    {".ccc", SP_REF_CONFIG},
	             {".clf", SP_REF_CONFIG},  {".ctf", SP_REF_CONFIG},   {".lut", SP_REF_CONFIG}};
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (sp__deps_ext_is(path, table[i].ext))
			return table[i].kind;
	return SP_REF_OTHER;
}

int sp__deps_note(sp__deps_file *df, int code, uint64_t line, const char *why)
{
	if (line)
		return sp_scene_add_tip(df->scene, code, "%s:%llu: %s", df->path, (unsigned long long)line,
		                        why);
	return sp_scene_add_tip(df->scene, code, "%s: %s", df->path, why);
}

/* ---- the line reader ---------------------------------------------------------------- */

/*
 * gzip: the compressed bytes are read CHUNK_SIZE at a time and inflated into
 * the line reader's chunk, so neither side is ever held whole.  Members follow
 * one another as gzip(1) allows; bytes after the last member that do not start
 * another are ignored, as gzip(1) ignores trailing garbage.
 */
struct sp__deps_gz {
	z_stream z;
	unsigned char *in;
	int in_eof;      /* the compressed file is read to its end */
	int member_done; /* the last inflate ended a member */
	uint64_t total;  /* bytes inflated so far */
	const char *why; /* zlib's reason when the data is corrupt */
};

static void gz_end(sp__deps_lines *lr)
{
	if (!lr->gz)
		return;
	inflateEnd(&lr->gz->z);
	sp__free(lr->gz->in);
	sp__free(lr->gz);
	lr->gz = NULL;
}

/* 1 when compressed bytes are buffered, 0 at the end of the file (or after a read error). */
static int gz_feed(sp__deps_lines *lr)
{
	sp__deps_gz *gz = lr->gz;
	size_t n;
	if (gz->z.avail_in > 0)
		return 1;
	if (gz->in_eof)
		return 0;
	n = fread(gz->in, 1, CHUNK_SIZE, lr->f);
	if (n == 0) {
		gz->in_eof = 1;
		if (ferror(lr->f))
			lr->failed = SP_EIO;
		return 0;
	}
	gz->z.next_in = gz->in;
	gz->z.avail_in = (uInt)n;
	return 1;
}

static size_t gz_corrupt(sp__deps_lines *lr, const char *why)
{
	lr->gz->why = why;
	lr->failed = SP_ECORRUPT;
	return 0;
}

/* Inflate into the chunk: the number of bytes made, 0 at the end or when `failed` is set. */
static size_t gz_read(sp__deps_lines *lr)
{
	sp__deps_gz *gz = lr->gz;
	for (;;) {
		uInt before_in;
		size_t made;
		int rc;
		if (!gz_feed(lr)) {
			if (lr->failed || gz->member_done)
				return 0;
			return gz_corrupt(lr, "the gzip data ends before its stream does");
		}
		if (gz->member_done) {
			/* another member, or trailing bytes that are not one */
			if (gz->z.next_in[0] != 0x1f)
				return 0;
			if (inflateReset(&gz->z) != Z_OK)
				return gz_corrupt(lr, "the gzip stream cannot be restarted");
			gz->member_done = 0;
		}
		before_in = gz->z.avail_in;
		gz->z.next_out = (Bytef *)lr->chunk;
		gz->z.avail_out = CHUNK_SIZE;
		rc = inflate(&gz->z, Z_NO_FLUSH);
		made = CHUNK_SIZE - gz->z.avail_out;
		if (rc == Z_MEM_ERROR) {
			lr->failed = SP_ENOMEM;
			return 0;
		}
		if (rc == Z_STREAM_END)
			gz->member_done = 1;
		else if (rc != Z_OK && rc != Z_BUF_ERROR)
			return gz_corrupt(lr, gz->z.msg ? gz->z.msg : "not gzip data");
		else if (made == 0 && gz->z.avail_in == before_in)
			/* no progress with input and room to spare: the inflater is stuck */
			return gz_corrupt(lr, "the gzip stream makes no progress");
		if (made > lr->max_inflated - gz->total) {
			lr->failed = SP_ETOOBIG;
			return 0;
		}
		gz->total += made;
		if (made)
			return made;
	}
}

/* The chunk holds the first raw bytes and they are gzip: inflate from here on. */
static int gz_begin(sp__deps_lines *lr)
{
	sp__deps_gz *gz = sp__calloc(1, sizeof(*gz));
	if (!gz || !(gz->in = sp__malloc(CHUNK_SIZE))) {
		sp__free(gz);
		return SP_ENOMEM;
	}
	/* 16 + MAX_WBITS: a gzip header and trailer, checked */
	if (inflateInit2(&gz->z, 16 + MAX_WBITS) != Z_OK) {
		sp__free(gz->in);
		sp__free(gz);
		return SP_ENOMEM;
	}
	memcpy(gz->in, lr->chunk, lr->len);
	gz->z.next_in = gz->in;
	gz->z.avail_in = (uInt)lr->len;
	lr->gz = gz;
	lr->pos = lr->len = 0;
	if (!lr->max_inflated)
		lr->max_inflated = SP_DEPS_MAX_INFLATED;
	return 0;
}

/* 1 when bytes are buffered, 0 at the end; a read error ends the file too (failed set). */
static int fill(sp__deps_lines *lr)
{
	if (lr->pos < lr->len)
		return 1;
	if (lr->eof || lr->failed)
		return 0;
	lr->pos = 0;
	lr->len = lr->gz ? gz_read(lr) : fread(lr->chunk, 1, CHUNK_SIZE, lr->f);
	if (lr->len == 0) {
		lr->eof = 1;
		if (!lr->gz && ferror(lr->f))
			lr->failed = SP_EIO;
		return 0;
	}
	return 1;
}

/* Append bytes of the current line; a piece that reaches the cap ends the call early. */
static int take_bytes(sp__deps_lines *lr, int *done)
{
	const char *p = lr->chunk + lr->pos;
	const char *nl = memchr(p, '\n', lr->len - lr->pos);
	size_t n = nl ? (size_t)(nl - p) : lr->len - lr->pos;
	size_t room = SP_DEPS_MAX_LINE - lr->line.size;
	*done = 0;
	if (n >= room) {
		n = room;
		nl = NULL;
		lr->split = 1;
		*done = 1;
	}
	if (n && sp_buf_put(&lr->line, p, n) < 0)
		return lr->failed = SP_ENOMEM;
	lr->pos += n;
	if (nl) {
		lr->pos++;
		*done = 1;
	}
	return 0;
}

int sp__deps_next_line(sp__deps_file *df)
{
	sp__deps_lines *lr = &df->lines;
	int done = 0, got = 0;
	if (lr->failed || df->full)
		return 0;
	sp_buf_clear(&lr->line);
	lr->continued = lr->split;
	lr->split = 0;
	while (!done && fill(lr)) {
		got = 1;
		if (take_bytes(lr, &done) < 0)
			return 0;
	}
	if (!got || lr->failed)
		return 0;
	if (!lr->continued)
		lr->lineno++;
	if (!lr->split && lr->line.size > 0 && lr->line.ptr[lr->line.size - 1] == '\r')
		lr->line.ptr[--lr->line.size] = '\0';
	if (!lr->line.ptr && sp_buf_put(&lr->line, "", 0) < 0) {
		lr->failed = SP_ENOMEM;
		return 0;
	}
	return 1;
}

/* ---- declaring what a nested file names ------------------------------------------- */

/* "omniverse://x", "https://x": served, not uploaded.  A drive letter ("C://x") is one letter. */
static int is_url(const char *p, size_t len)
{
	size_t i = 0;
	while (i < len && (sp__isalnum((unsigned char)p[i]) || p[i] == '+' || p[i] == '-' || p[i] == '.'))
		i++;
	return i >= 2 && sp__isalpha((unsigned char)p[0]) && len - i >= 3 && memcmp(p + i, "://", 3) == 0;
}

static int is_path_text(const char *p, size_t len)
{
	if (len == 0 || len > SP_DEPS_MAX_PATH || is_url(p, len))
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)p[i] < 0x20 || p[i] == 0x7f)
			return 0;
	return 1;
}

/* 1 when `rel` under `dir` exists (for a pattern: its folder does). */
static int exists_under(sp__deps_file *df, const char *dir, const char *rel, unsigned flags, sp_buf *tmp)
{
	sp_os_stat_info st;
	int ok;
	if (sp_path_join(tmp, dir, rel) < 0)
		return SP_ENOMEM;
	if (flags & (SP_REF_FRAMES | SP_REF_TILES)) {
		sp_buf parent = SP_BUF_INIT;
		int error = sp_path_dirname(&parent, tmp->ptr);
		ok = error == 0 && sp_os_stat(df->ctx, parent.ptr, &st) == 0 && st.is_dir;
		sp_buf_dispose(&parent);
		if (error < 0)
			return SP_ENOMEM;
	} else {
		ok = sp_os_stat(df->ctx, tmp->ptr, &st) == 0;
	}
	sp_ctx_clear_error(df->ctx);
	return ok;
}

/* Frame and tile variables stay for the sequence expander (as in analyze.c). */
static const char *const frame_vars[] = {"F",  "F1", "F2", "F3", "F4", "F5", "F6", "F7",
                                         "F8", "F9", "FF", "U",  "V",  "2U", "2V", NULL};

/*
 * The folder a relative name resolves against: the first search folder
 * holding it (variables expanded as the analysis will), else the file's.
 */
static int choose_base(sp__deps_file *df, const char *rel, unsigned flags, const sp_strvec *search,
                       const char **base_out)
{
	sp_buf tmp = SP_BUF_INIT, expanded = SP_BUF_INIT;
	int error = 0;
	*base_out = df->dir;
	if (search && search->count && sp_path_expand_vars(&expanded, df->ctx, rel, frame_vars, NULL) < 0)
		error = SP_ENOMEM;
	for (size_t i = 0; search && i < search->count && error == 0; i++) {
		error = exists_under(df, search->items[i], expanded.ptr, flags, &tmp);
		if (error > 0) {
			*base_out = search->items[i];
			error = 0;
			break;
		}
	}
	sp_buf_dispose(&tmp);
	sp_buf_dispose(&expanded);
	return error;
}

static int refs_full(sp__deps_file *df, uint64_t line)
{
	df->full = 1;
	return sp__deps_note(df, SP_TIP_REFERENCE_NOT_READ, line,
	                     "names too many files; the rest of the file was not read");
}

/* Arnold's <attr:name default:x> and USD's <ATTR:...> pick a file per object: no one list exists. */
static int per_object_token(const char *p, size_t len)
{
	for (size_t i = 0; i + 6 <= len; i++)
		if (sp__strncasecmp(p + i, "<attr:", 6) == 0)
			return 1;
	return 0;
}

static int per_object_tip(sp__deps_file *df, const char *path, size_t len, const char *node, const char *attr,
                          uint64_t line)
{
	return sp_scene_add_tip(df->scene, SP_TIP_UNRESOLVED_EXPRESSION,
	                        "%s:%llu: %s.%s: %.*s names a file per object: its files are not checked",
	                        df->path, (unsigned long long)line, node ? node : "", attr ? attr : "",
	                        (int)len, path);
}

const char *sp__deps_quoted(const char *p, const char *end, const char **text, size_t *len)
{
	const char *q = memchr(p + 1, '"', (size_t)(end - p - 1));
	*text = p + 1;
	*len = (size_t)((q ? q : end) - *text);
	return q ? q + 1 : end;
}

int sp__deps_declare(sp__deps_file *df, const char *path, size_t len, sp_ref_kind kind, unsigned flags,
                     const char *node, const char *attr, uint64_t line, const sp_strvec *search)
{
	sp_fileref ref = SP_FILEREF_INIT;
	unsigned tokens;
	char *copy;
	int error;
	sp__deps_trim(&path, &len);
	if (df->full || !is_path_text(path, len))
		return 0;
	if (per_object_token(path, len))
		return per_object_tip(df, path, len, node, attr, line);
	if (df->declared >= SP_DEPS_MAX_REFS)
		return refs_full(df, line);
	if (!(copy = sp__strndup(path, len)))
		return sp__oom(df->ctx);
	tokens = sp_seq_tokens(copy);
	/* a drive-relative "C:x.<UDIM>.exr" has no folder to list: it is checked as written */
	if (sp_path_kind_of(copy) == SP_PATH_DRIVE && !strpbrk(copy, "/\\"))
		tokens = 0;
	flags |= ((tokens & SP_SEQ_HAS_FRAME) ? SP_REF_FRAMES : 0u) |
	         ((tokens & SP_SEQ_HAS_TILE) ? SP_REF_TILES : 0u);
	ref.path = copy;
	ref.kind = kind ? kind : kind_of_ext(copy);
	ref.flags = flags;
	ref.node = node;
	ref.attr = attr;
	ref.source = df->path;
	ref.line = line;
	error = 0;
	if (sp_path_kind_of(copy) == SP_PATH_RELATIVE)
		error = choose_base(df, copy, ref.flags, search, &ref.base);
	if (error == 0)
		error = sp_scene_add_file(df->scene, &ref);
	if (error == 0)
		df->declared++;
	sp__free(copy);
	return error;
}

/* The XML entities an .rlf or .mtlx writer uses. */
int sp__deps_xml_decode(sp_buf *out, const char *p, size_t len)
{
	static const struct {
		const char *name;
		char c;
	} ents[] = {{"&quot;", '"'},  {"&amp;", '&'}, {"&lt;", '<'},  {"&gt;", '>'},
	            {"&apos;", '\''}, {"&#34;", '"'}, {"&#39;", '\''}};
	sp_buf_clear(out);
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		for (size_t k = 0; c == '&' && k < sizeof(ents) / sizeof(ents[0]); k++) {
			size_t n = strlen(ents[k].name);
			if (len - i >= n && memcmp(p + i, ents[k].name, n) == 0) {
				c = ents[k].c;
				i += n - 1;
				break;
			}
		}
		if (sp_buf_putc(out, c) < 0)
			return SP_ENOMEM;
	}
	return sp_buf_put(out, "", 0);
}

/* ---- search paths ------------------------------------------------------------------ */

static int push_search_dir(sp__deps_file *df, sp_strvec *out, const char *piece, size_t len)
{
	sp_buf raw = SP_BUF_INIT, expanded = SP_BUF_INIT, unresolved = SP_BUF_INIT, mapped = SP_BUF_INIT;
	sp_buf dir = SP_BUF_INIT;
	int error;
	sp__deps_trim(&piece, &len);
	if (len >= 2 && (piece[0] == '"' || piece[0] == '\'') && piece[len - 1] == piece[0]) {
		piece++;
		len -= 2;
	}
	if (!is_path_text(piece, len) || out->count >= MAX_SEARCH_DIRS || sp__deps_word_is(piece, len, "@") ||
	    sp__deps_word_is(piece, len, "&"))
		return 0;
	error = sp_buf_put(&raw, piece, len);
	if (error == 0)
		error = sp_path_expand_vars(&expanded, df->ctx, raw.ptr, NULL, &unresolved);
	if (error == 0 && unresolved.size > 0)
		error = sp_scene_add_tip(df->scene, SP_TIP_UNRESOLVED_VARIABLE,
		                         "%s:%llu: %s has no value in the search path %s", df->path,
		                         (unsigned long long)df->lines.lineno, unresolved.ptr, raw.ptr);
	else if (error == 0 && (error = sp_path_apply_maps(&mapped, df->ctx, expanded.ptr)) == 0) {
		if (sp_path_kind_of(mapped.ptr) == SP_PATH_RELATIVE)
			error = sp_path_join(&dir, df->dir, mapped.ptr);
		else
			error = sp_path_normalize(&dir, mapped.ptr);
		if (error == 0)
			error = sp_strvec_push(out, dir.ptr);
	}
	sp_buf_dispose(&raw);
	sp_buf_dispose(&expanded);
	sp_buf_dispose(&unresolved);
	sp_buf_dispose(&mapped);
	sp_buf_dispose(&dir);
	return error < 0 ? sp__oom(df->ctx) : 0;
}

/* ':' after a lone drive letter ("C:/x") is part of the path, not a separator. */
static int is_separator(const char *v, size_t start, size_t i, size_t len, const char *seps)
{
	if (!strchr(seps, v[i]))
		return 0;
	if (v[i] == ':' && i == start + 1 && sp__isalpha((unsigned char)v[start]) && i + 1 < len &&
	    (v[i + 1] == '/' || v[i + 1] == '\\'))
		return 0;
	return 1;
}

int sp__deps_add_search(sp__deps_file *df, sp_strvec *out, const char *value, size_t len, const char *seps)
{
	size_t start = 0;
	int error = 0;
	for (size_t i = 0; i <= len && error == 0; i++) {
		if (i < len && !is_separator(value, start, i, len, seps))
			continue;
		error = push_search_dir(df, out, value + start, i - start);
		start = i + 1;
	}
	return error;
}

/* ---- reading one nested file ------------------------------------------------------ */

/* Text formats only: NUL bytes or many control bytes in the first block mean binary. */
static int looks_binary(const char *p, size_t len)
{
	size_t control = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == 0)
			return 1;
		if (c < 0x20 && !sp__isspace(c))
			control++;
	}
	return control * 50 > len;
}

static int dispatch(sp__deps_file *df, dep_format fmt)
{
	switch (fmt) {
	case FMT_ASS:
	case FMT_ASS_GZ:
		return sp__deps_read_ass(df);
	case FMT_VRSCENE:
		return sp__deps_read_vrscene(df);
	case FMT_RIB:
	case FMT_RIB_GZ:
		return sp__deps_read_rib(df, 0);
	case FMT_RLF:
		return sp__deps_read_rib(df, 1);
	case FMT_XGEN:
		return sp__deps_read_xgen(df);
	case FMT_USDA:
	case FMT_USD:
		return sp__deps_read_usda(df);
	case FMT_OCIO:
		return sp__deps_read_ocio(df);
	case FMT_MTLX:
		return sp__deps_read_mtlx(df);
	case FMT_RS:
		return sp__deps_read_rs(df);
	case FMT_NONE:
		break;
	}
	return 0;
}

/* Arnold and RenderMan read their scene files gzip-compressed as well as plain. */
static int may_be_gzip(dep_format fmt)
{
	return fmt == FMT_ASS || fmt == FMT_ASS_GZ || fmt == FMT_RIB || fmt == FMT_RIB_GZ;
}

/* Look at the first block, then hand the file to its reader (or leave it a leaf). */
static int sniff_and_read(sp__deps_file *df, dep_format fmt)
{
	const char *p = df->lines.chunk;
	size_t len = fill(&df->lines) ? df->lines.len : 0;
	if (len >= 2 && (unsigned char)p[0] == 0x1f && (unsigned char)p[1] == 0x8b) {
		if (!may_be_gzip(fmt))
			return sp__deps_note(df, SP_TIP_REFERENCE_NOT_READ, 0,
			                     "gzip-compressed: the files it names are not followed");
		if (gz_begin(&df->lines) < 0)
			return SP_ENOMEM;
		len = fill(&df->lines) ? df->lines.len : 0;
		if (df->lines.failed)
			return 0;
	}
	/* .usd is either text or the binary crate (a leaf, as is .usdc) */
	if (fmt == FMT_USD && (len < 5 || memcmp(p, "#usda", 5) != 0))
		return 0;
	if (fmt != FMT_RS && looks_binary(p, len))
		return sp__deps_note(df, SP_TIP_REFERENCE_NOT_READ, 0,
		                     "binary, not text: the files it names are not followed");
	return dispatch(df, fmt);
}

static int open_nested(sp__deps_file *df)
{
	df->lines.f = sp_os_fopen_read(df->ctx, df->path);
	if (!df->lines.f) {
		if (sp_ctx_last_code(df->ctx) == SP_ENOMEM)
			return SP_ENOMEM; /* the file may well be there */
		sp_ctx_clear_error(df->ctx);
		return sp__deps_note(df, SP_TIP_REFERENCE_NOT_READ, 0,
		                     "cannot be opened: the files it names are not followed");
	}
	if (!(df->lines.chunk = sp__malloc(CHUNK_SIZE)))
		return sp__oom(df->ctx);
	return 1;
}

static int read_nested(sp_scene *scene, const char *path, dep_format fmt, uint64_t max_inflated);

/* What ended the file early, as a tip naming it and the line reached. */
static int failure_tip(sp__deps_file *df)
{
	const sp__deps_lines *lr = &df->lines;
	unsigned long long line = (unsigned long long)lr->lineno;
	switch (lr->failed) {
	case SP_EIO:
		return sp__deps_note(df, SP_TIP_REFERENCE_NOT_READ, lr->lineno,
		                     "read error: the rest of the file was not read");
	case SP_ECORRUPT:
		return sp_scene_add_tip(df->scene, SP_TIP_REFERENCE_NOT_READ,
		                        "%s: corrupt gzip data after line %llu (%s): the rest of the file "
		                        "was not read",
		                        df->path, line, lr->gz && lr->gz->why ? lr->gz->why : "bad bytes");
	case SP_ETOOBIG:
		return sp_scene_add_tip(df->scene, SP_TIP_REFERENCE_NOT_READ,
		                        "%s: inflates to more than %llu MiB (the limit) after line %llu: the "
		                        "rest of the file was not read",
		                        df->path, (unsigned long long)(lr->max_inflated >> 20), line);
	default:
		return 0;
	}
}

int sp__deps_read_file(sp_scene *scene, const char *path, uint64_t max_inflated)
{
	return read_nested(scene, path, format_of(path), max_inflated);
}

static int read_nested(sp_scene *scene, const char *path, dep_format fmt, uint64_t max_inflated)
{
	sp__deps_file df;
	sp_buf dir = SP_BUF_INIT;
	int error;
	memset(&df, 0, sizeof(df));
	df.scene = scene;
	df.ctx = scene->ctx;
	df.path = path;
	df.lines.max_inflated = max_inflated ? max_inflated : SP_DEPS_MAX_INFLATED;
	if (fmt == FMT_NONE)
		return 0;
	if ((error = sp_path_dirname(&dir, path)) < 0)
		goto done;
	df.dir = dir.ptr;
	if ((error = open_nested(&df)) <= 0)
		goto done;
	error = sniff_and_read(&df, fmt);
	if (error == 0 && df.lines.failed == SP_ENOMEM)
		error = SP_ENOMEM;
	else if (error == 0)
		error = failure_tip(&df);
done:
	gz_end(&df.lines);
	if (df.lines.f)
		fclose(df.lines.f);
	sp__free(df.lines.chunk);
	sp_buf_dispose(&df.lines.line);
	sp_buf_dispose(&dir);
	return error == SP_ENOMEM ? sp__oom(scene->ctx) : error;
}

/* ---- the hook --------------------------------------------------------------------- */

/* 1 when `key` is `from` or one of the files that led to it: reading it again would loop. */
static int is_ancestor(const sp_deps *deps, const char *from, const char *key)
{
	for (size_t hops = 0; from && hops <= MAX_DEPTH + 1; hops++) {
		const seen_file *sf;
		if (strcmp(from, key) == 0)
			return 1;
		sf = sp_map_get(deps->seen, from);
		from = sf ? sf->parent : NULL;
	}
	return 0;
}

static int remember(sp_deps *deps, const char *key, size_t depth, const char *parent)
{
	seen_file *sf = sp__calloc(1, sizeof(*sf));
	if (!sf || (parent && !(sf->parent = sp__strdup(parent)))) {
		seen_free(sf);
		return SP_ENOMEM;
	}
	sf->depth = depth;
	if (sp_map_set(deps->seen, key, sf, NULL) < 0) {
		seen_free(sf);
		return SP_ENOMEM;
	}
	return 0;
}

/* Read `path` unless it was read already, closes a cycle, or is nested too deep. */
static int visit(sp_deps *deps, sp_scene *scene, const char *path, dep_format fmt, size_t depth,
                 const char *parent)
{
	sp_buf key = SP_BUF_INIT;
	int error = sp_path_dedupe_key(&key, path);
	if (error < 0)
		goto done;
	if (sp_map_has(deps->seen, key.ptr)) {
		if (is_ancestor(deps, parent, key.ptr))
			error = sp_scene_add_tip(scene, SP_TIP_REFERENCE_CYCLE,
			                         "%s names itself through %s: read once", path,
			                         parent ? parent : path);
		goto done;
	}
	if (depth > MAX_DEPTH) {
		error = sp_scene_add_tip(scene, SP_TIP_REFERENCE_CYCLE,
		                         "%s is nested %zu files deep (the limit is %d): not read", path,
		                         depth, MAX_DEPTH);
		goto done;
	}
	if ((error = remember(deps, key.ptr, depth, parent)) == 0)
		error = read_nested(scene, path, fmt, 0);
done:
	sp_buf_dispose(&key);
	return error == SP_ENOMEM ? sp__oom(scene->ctx) : error;
}

int sp__deps_scan(sp_deps *deps, sp_scene *scene, size_t index, const sp_strvec *files)
{
	sp_buf parent = SP_BUF_INIT;
	const seen_file *from = NULL;
	size_t depth = 1;
	int error = 0;
	/* the reference moves when files are added: take what is needed from it first */
	const char *source = scene->refs[index].source;
	if (source && (error = sp_path_dedupe_key(&parent, source)) < 0)
		goto done;
	if (source && (from = sp_map_get(deps->seen, parent.ptr)) != NULL)
		depth = from->depth + 1;
	for (size_t i = 0; i < files->count && error == 0; i++) {
		dep_format fmt = format_of(files->items[i]);
		if (fmt != FMT_NONE)
			error = visit(deps, scene, files->items[i], fmt, depth, from ? parent.ptr : NULL);
	}
done:
	sp_buf_dispose(&parent);
	return error == SP_ENOMEM ? sp__oom(deps->ctx) : error;
}
