/*
 * Sequence and tile tokens in file names, expanded over the file system.
 *
 * A name pattern such as "a+b(1).<UDIM>.exr" becomes an anchored PCRE2
 * regex: literal bytes are escaped one by one, tokens become digit groups.
 * Only the names of the sorted listing that start with the pattern's literal
 * prefix (found by binary search) and end with its literal suffix go to the
 * regex, so a UDIM set in a folder of thousands costs a few matches.
 * Each folder is listed once per sp_dircache and each regex compiled once per
 * cache (up to 512 at a time), so a scene with thousands of UDIM textures in one
 * folder costs one readdir and about one compile per distinct pattern.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "os.h"
#include "seq.h"

/* What a capture group holds, so matches can be checked after the regex. */
enum { GROUP_FRAME = 1, GROUP_FLOAT_FRAME, GROUP_UDIM };

/*
 * Compiled name patterns kept per cache.  Most patterns serve one reference
 * (each UDIM set has its own name) and each costs a few KB, so the cache is
 * emptied when it reaches this size instead of growing with the scene.
 */
#define MAX_CACHED_PATTERNS SP_SEQ_MAX_PATTERNS

/* Padding beyond this is clamped: no real file has it, and PCRE2 caps {n,} at 65535. */
#define MAX_PAD 255

typedef struct {
	size_t len;        /* bytes of the token in the pattern, 0 when none */
	unsigned kind;     /* SP_SEQ_HAS_FRAME or SP_SEQ_HAS_TILE */
	int group;         /* GROUP_* when the value must be captured, else 0 */
	int pad;           /* minimum digits, <= 1 for any width */
	const char *fixed; /* regex for tokens that need no capture */
} seq_token;

/* Tokens spelled as fixed text (compared case-insensitively). */
static const struct {
	const char *text;
	unsigned kind;
	int group;
	const char *fixed;
} fixed_tokens[] = {
    {"<udim>", SP_SEQ_HAS_TILE, GROUP_UDIM, NULL},
    {"%(udim)d", SP_SEQ_HAS_TILE, GROUP_UDIM, NULL},
    {"<uvtile>", SP_SEQ_HAS_TILE, 0, "u\\d+_v\\d+"},
    /* Arnold writes <tile> as "_u1_v1"; Mudbox-style names have no leading "_". */
    {"<tile>", SP_SEQ_HAS_TILE, 0, "_?u\\d+_v\\d+"},
    {"<u>", SP_SEQ_HAS_TILE, 0, "\\d+"},
    {"<v>", SP_SEQ_HAS_TILE, 0, "\\d+"},
    {"<f>", SP_SEQ_HAS_FRAME, GROUP_FRAME, NULL},
    {"<frame>", SP_SEQ_HAS_FRAME, GROUP_FRAME, NULL},
};

static seq_token make_token(size_t len, unsigned kind, int group, int pad, const char *fixed)
{
	seq_token t = {len, kind, group, pad > MAX_PAD ? MAX_PAD : pad, fixed};
	return t;
}

/* "%d", "%0Nd" (N of one or two digits). */
static seq_token printf_token(const char *s)
{
	size_t i = 1;
	int pad = 0;
	if (s[i] == '0') {
		i++;
		if (!sp__isdigit((unsigned char)s[i]))
			return make_token(0, 0, 0, 0, NULL);
		pad = s[i++] - '0';
		if (sp__isdigit((unsigned char)s[i]))
			pad = pad * 10 + (s[i++] - '0');
	}
	if (s[i] != 'd')
		return make_token(0, 0, 0, 0, NULL);
	return make_token(i + 1, SP_SEQ_HAS_FRAME, GROUP_FRAME, pad, NULL);
}

/* Houdini $F $F4 ${F} ${F4} $FF, Clarisse $4F, V-Ray $U $V $2U $2V. */
static seq_token dollar_token(const char *s)
{
	seq_token none = make_token(0, 0, 0, 0, NULL);
	if (s[1] == '{' && s[2] == 'F') {
		if (s[3] == '}')
			return make_token(4, SP_SEQ_HAS_FRAME, GROUP_FRAME, 0, NULL);
		if (s[3] >= '1' && s[3] <= '9' && s[4] == '}')
			return make_token(5, SP_SEQ_HAS_FRAME, GROUP_FRAME, s[3] - '0', NULL);
		return none;
	}
	/* An underscore may follow ("$F_beauty" is frame then "_beauty", as the expander keeps it). */
	if (s[1] == 'F') {
		if (s[2] == 'F' && !sp__isalnum((unsigned char)s[3]))
			return make_token(3, SP_SEQ_HAS_FRAME, GROUP_FLOAT_FRAME, 0, NULL);
		if (s[2] >= '1' && s[2] <= '9' && !sp__isalnum((unsigned char)s[3]))
			return make_token(3, SP_SEQ_HAS_FRAME, GROUP_FRAME, s[2] - '0', NULL);
		if (!sp__isalnum((unsigned char)s[2]))
			return make_token(2, SP_SEQ_HAS_FRAME, GROUP_FRAME, 0, NULL);
		return none;
	}
	size_t i = 1;
	int pad = 0;
	if (s[i] >= '1' && s[i] <= '9')
		pad = s[i++] - '0';
	if (s[i] == 'F' && pad && !sp__isalnum((unsigned char)s[i + 1]))
		return make_token(i + 1, SP_SEQ_HAS_FRAME, GROUP_FRAME, pad, NULL);
	/* V-Ray writes "u$U_v$V". */
	if ((s[i] == 'U' || s[i] == 'V') && !sp__isalnum((unsigned char)s[i + 1]))
		return make_token(i + 1, SP_SEQ_HAS_TILE, 0, pad, pad > 1 ? NULL : "\\d+");
	return none;
}

/* The token starting at s, if any (len 0 when none). */
static seq_token token_at(const char *s)
{
	if (*s == '#') {
		size_t n = 1;
		while (s[n] == '#')
			n++;
		return make_token(n, SP_SEQ_HAS_FRAME, GROUP_FRAME, n > MAX_PAD ? MAX_PAD : (int)n, NULL);
	}
	if (*s == '<' || *s == '%') {
		for (size_t i = 0; i < sizeof(fixed_tokens) / sizeof(*fixed_tokens); i++) {
			size_t n = strlen(fixed_tokens[i].text);
			if (sp__strncasecmp(s, fixed_tokens[i].text, n) == 0)
				return make_token(n, fixed_tokens[i].kind, fixed_tokens[i].group, 0,
				                  fixed_tokens[i].fixed);
		}
		return *s == '%' ? printf_token(s) : make_token(0, 0, 0, 0, NULL);
	}
	if (*s == '$')
		return dollar_token(s);
	return make_token(0, 0, 0, 0, NULL);
}

unsigned sp_seq_tokens(const char *path)
{
	unsigned kinds = 0;
	if (!path)
		return 0;
	/* only '#', '<', '%' and '$' start a token: the bytes between are skipped in one call */
	for (const char *p = path + strcspn(path, "#<%$"); *p; p += strcspn(p, "#<%$")) {
		seq_token t = token_at(p);
		kinds |= t.kind;
		p += t.len ? t.len : 1;
	}
	return kinds;
}

/* ---- regex construction --------------------------------------------------------- */

typedef struct {
	pcre2_code *code;
	pcre2_match_data *md;
	unsigned char *groups; /* GROUP_* of capture group i+1 */
	size_t ngroups;
	int literal; /* no token: compare names directly */
	/* The literal text before the first token and after the last one: a name that lacks either
	 * cannot match, so most of a folder is ruled out without running the regex. */
	char *prefix;
	size_t prefix_len;
	char *suffix;
	size_t suffix_len;
} name_pattern;

static void pattern_free(void *p)
{
	name_pattern *np = p;
	if (!np)
		return;
	pcre2_match_data_free(np->md);
	pcre2_code_free(np->code);
	sp__free(np->groups);
	sp__free(np->prefix);
	sp__free(np->suffix);
	sp__free(np);
}

static int put_escaped(sp_buf *re, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		/* A backslash before any non-alphanumeric ASCII byte makes it literal; bytes >= 0x80
		 * are literal as they are (no UTF mode). */
		if (c < 0x80 && !sp__isalnum(c) && sp_buf_putc(re, '\\') < 0)
			return SP_ENOMEM;
		if (sp_buf_putc(re, (char)c) < 0)
			return SP_ENOMEM;
	}
	return 0;
}

static int put_token(sp_buf *re, const seq_token *t)
{
	switch (t->group) {
	case GROUP_UDIM:
		return sp_buf_puts(re, "(1\\d{3})");
	case GROUP_FLOAT_FRAME:
		return sp_buf_puts(re, "(-?\\d+(?:\\.\\d+)?)");
	case GROUP_FRAME:
		/* Padding counts digits ("-0005" for ####), printf counts the sign too ("-005"). */
		if (t->pad <= 1)
			return sp_buf_puts(re, "(-?\\d+)");
		return sp_buf_printf(re, "(-\\d{%d,}|\\d{%d,})", t->pad - 1, t->pad);
	default:
		if (t->fixed)
			return sp_buf_puts(re, t->fixed);
		return sp_buf_printf(re, "\\d{%d,}", t->pad);
	}
}

/*
 * Regex text for `name`, with the kind of each capture group in `groups`; *ntokens_out counts tokens,
 * *prefix_len_out is where the first token starts and *suffix_out where the text after the last begins.
 */
static int build_regex(sp_buf *re, sp_buf *groups, size_t *ntokens_out, size_t *prefix_len_out,
                       const char **suffix_out, const char *name, unsigned kinds)
{
	const char *lit = name;
	int error = 0;
	*ntokens_out = 0;
	*prefix_len_out = strlen(name);
	for (const char *p = name; *p && error == 0;) {
		seq_token t = token_at(p);
		if (t.len == 0 || !(t.kind & kinds)) {
			p += t.len ? t.len : 1;
			continue;
		}
		if (*ntokens_out == 0)
			*prefix_len_out = (size_t)(p - name);
		error = put_escaped(re, lit, (size_t)(p - lit));
		if (error == 0)
			error = put_token(re, &t);
		if (error == 0 && t.group)
			error = sp_buf_putc(groups, (char)t.group);
		(*ntokens_out)++;
		p += t.len;
		lit = p;
	}
	*suffix_out = lit;
	if (error == 0)
		error = put_escaped(re, lit, strlen(lit));
	return error < 0 ? SP_ENOMEM : 0;
}

static int compile_pattern(name_pattern *np, sp_ctx *ctx, const char *name, unsigned kinds)
{
	sp_buf re = SP_BUF_INIT, groups = SP_BUF_INIT;
	size_t ntokens = 0, prefix_len = 0;
	const char *suffix = NULL;
	int error = build_regex(&re, &groups, &ntokens, &prefix_len, &suffix, name, kinds), code;
	PCRE2_SIZE offset;
	if (error == 0) {
		np->prefix = sp__strndup(name, prefix_len);
		np->prefix_len = prefix_len;
		np->suffix = sp__strdup(suffix);
		np->suffix_len = strlen(suffix);
		error = np->prefix && np->suffix ? 0 : SP_ENOMEM;
	}
	if (error < 0) {
		error = sp__oom(ctx);
		goto done;
	}
	np->literal = ntokens == 0;
	np->code = pcre2_compile((PCRE2_SPTR)sp_buf_cstr(&re), re.size,
	                         PCRE2_ANCHORED | PCRE2_ENDANCHORED | PCRE2_NEVER_UTF | PCRE2_NEVER_UCP,
	                         &code, &offset, NULL);
	if (!np->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof(msg));
		error =
		    sp_ctx_error(ctx, SP_EUNSUPPORTED, "file name pattern '%s': %s", name, (const char *)msg);
		goto done;
	}
	np->md = pcre2_match_data_create_from_pattern(np->code, NULL);
	if (!np->md) {
		error = sp__oom(ctx);
		goto done;
	}
	np->ngroups = groups.size;
	np->groups = (unsigned char *)sp__strndup(sp_buf_cstr(&groups), groups.size);
	if (!np->groups)
		error = sp__oom(ctx);
done:
	sp_buf_dispose(&re);
	sp_buf_dispose(&groups);
	return error;
}

/* ---- the folder cache ------------------------------------------------------------- */

typedef struct {
	int status; /* 0, or the error listing gave (remembered, not retried) */
	sp_strvec names;
} dir_entry;

struct sp_dircache {
	sp_ctx *ctx;
	sp_map *dirs;     /* folder -> dir_entry */
	sp_map *patterns; /* kinds + name pattern -> name_pattern */
	size_t listed;
};

static void dir_entry_free(void *p)
{
	dir_entry *e = p;
	if (!e)
		return;
	sp_strvec_dispose(&e->names);
	sp__free(e);
}

int sp_dircache_new(sp_dircache **out, sp_ctx *ctx)
{
	sp_dircache *dc = NULL;
	if (!out)
		return sp_ctx_error(ctx, SP_EUSER, "sp_dircache_new needs an output pointer");
	*out = NULL;
	dc = sp__calloc(1, sizeof(*dc));
	if (!dc || sp_map_new(&dc->dirs) < 0 || sp_map_new(&dc->patterns) < 0) {
		sp_dircache_free(dc);
		return sp__oom(ctx);
	}
	dc->ctx = ctx;
	*out = dc;
	return 0;
}

void sp_dircache_free(sp_dircache *dc)
{
	if (!dc)
		return;
	sp_map_free(dc->dirs, dir_entry_free);
	sp_map_free(dc->patterns, pattern_free);
	sp__free(dc);
}

size_t sp_dircache_listed(const sp_dircache *dc)
{
	return dc ? dc->listed : 0;
}

size_t sp_dircache_patterns(const sp_dircache *dc)
{
	return dc ? sp_map_count(dc->patterns) : 0;
}

int sp_dircache_list(const sp_strvec **names_out, sp_dircache *dc, const char *dir)
{
	dir_entry *e;
	if (!names_out || !dc || !dir)
		return SP_EUSER;
	*names_out = NULL;
	e = sp_map_get(dc->dirs, dir);
	if (!e) {
		e = sp__calloc(1, sizeof(*e));
		if (!e)
			return sp__oom(dc->ctx);
		dc->listed++;
		e->status = sp_os_list_dir(dc->ctx, dir, &e->names);
		if (e->status == SP_ENOMEM || sp_map_set(dc->dirs, dir, e, NULL) < 0) {
			dir_entry_free(e);
			return sp__oom(dc->ctx);
		}
		if (e->status < 0)
			return e->status; /* sp_os_list_dir named the folder */
	}
	if (e->status == SP_ENOTFOUND)
		return sp_ctx_error(dc->ctx, SP_ENOTFOUND, "folder '%s' does not exist", dir);
	if (e->status < 0)
		return sp_ctx_error(dc->ctx, e->status, "cannot list folder '%s'", dir);
	*names_out = &e->names;
	return 0;
}

/* ---- expansion -------------------------------------------------------------------- */

static int get_pattern(name_pattern **out, sp_dircache *dc, const char *name, unsigned kinds)
{
	sp_buf key = SP_BUF_INIT;
	name_pattern *np;
	int error = sp_buf_printf(&key, "%u:%s", kinds, name);
	if (error < 0)
		return sp__oom(dc->ctx);
	np = sp_map_get(dc->patterns, key.ptr);
	if (!np && sp_map_count(dc->patterns) >= MAX_CACHED_PATTERNS) {
		/* Start over rather than keep a compiled regex per UDIM set of a 100k-texture scene. */
		sp_map *fresh = NULL;
		if (sp_map_new(&fresh) < 0) {
			sp_buf_dispose(&key);
			return sp__oom(dc->ctx);
		}
		sp_map_free(dc->patterns, pattern_free);
		dc->patterns = fresh;
	}
	if (!np) {
		np = sp__calloc(1, sizeof(*np));
		if (!np)
			error = sp__oom(dc->ctx);
		if (error == 0)
			error = compile_pattern(np, dc->ctx, name, kinds);
		if (error == 0 && sp_map_set(dc->patterns, key.ptr, np, NULL) < 0)
			error = sp__oom(dc->ctx);
		if (error < 0) {
			pattern_free(np);
			np = NULL;
		}
	}
	sp_buf_dispose(&key);
	*out = np;
	return error;
}

/* 1 when the captured numbers are acceptable: UDIM tiles from 1001, frames in `frames`. */
static int groups_ok(const name_pattern *np, const char *name, const sp_frames *frames)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(np->md);
	for (size_t g = 0; g < np->ngroups; g++) {
		const char *s = name + ov[2 * (g + 1)];
		size_t n = ov[2 * (g + 1) + 1] - ov[2 * (g + 1)];
		int64_t v;
		const char *dot = np->groups[g] == GROUP_FLOAT_FRAME ? memchr(s, '.', n) : NULL;
		if (dot) /* $FF: the frame is the whole part */
			n = (size_t)(dot - s);
		if (sp_parse_i64(s, n, &v) < 0)
			return 0; /* more digits than int64 holds */
		if (np->groups[g] == GROUP_UDIM && v < 1001)
			return 0;
		if (np->groups[g] != GROUP_UDIM && frames && !sp_frames_contains(frames, v))
			return 0;
	}
	return 1;
}

static int push_path(sp_strvec *out, const char *folder, const char *name)
{
	sp_buf full = SP_BUF_INIT;
	size_t n = strlen(folder);
	int error = sp_buf_put(&full, folder, n);
	if (error == 0 && !(n && folder[n - 1] == '/'))
		error = sp_buf_put(&full, "/", 1);
	if (error == 0)
		error = sp_buf_put(&full, name, strlen(name));
	if (error == 0)
		error = sp_strvec_push_owned(out, full.ptr);
	else
		sp_buf_dispose(&full);
	return error;
}

static int cmp_name(const void *key, const void *item)
{
	return strcmp(key, *(char *const *)item);
}

/* The first of the sorted `names` not ordered before `prefix` (compared on its length). */
static size_t first_with_prefix(const sp_strvec *names, const char *prefix, size_t len)
{
	size_t lo = 0, hi = names->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(names->items[mid], prefix, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int match_names(sp_dircache *dc, const char *folder, const name_pattern *np, const char *name,
                       const sp_strvec *names, const sp_frames *frames, sp_strvec *out)
{
	if (np->literal) {
		/* an empty folder has no item array at all, and bsearch must not be given NULL */
		if (names->count == 0 ||
		    !bsearch(name, names->items, names->count, sizeof(*names->items), cmp_name))
			return 0;
		return push_path(out, folder, name) < 0 ? sp__oom(dc->ctx) : 0;
	}
	/* The listing is sorted and shares one folder, so matches come out sorted; the names that start
	 * with the pattern's prefix are one run of it. */
	for (size_t i = first_with_prefix(names, np->prefix, np->prefix_len); i < names->count; i++) {
		const char *entry = names->items[i];
		size_t len;
		if (strncmp(entry, np->prefix, np->prefix_len) != 0)
			break;
		len = strlen(entry);
		if (len < np->prefix_len + np->suffix_len ||
		    memcmp(entry + len - np->suffix_len, np->suffix, np->suffix_len) != 0)
			continue;
		int rc = pcre2_match(np->code, (PCRE2_SPTR)entry, len, 0, 0, np->md, NULL);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0)
			return sp_ctx_error(dc->ctx, SP_ETOOBIG,
			                    "matching '%s' against '%s' hit a PCRE2 limit (%d)", entry, name,
			                    rc);
		if (groups_ok(np, entry, frames) && push_path(out, folder, entry) < 0)
			return sp__oom(dc->ctx);
	}
	return 0;
}

int sp_seq_expand(sp_dircache *dc, const char *path, unsigned kinds, const sp_frames *frames, sp_strvec *out)
{
	sp_buf folder = SP_BUF_INIT;
	const sp_strvec *names = NULL;
	name_pattern *np = NULL;
	const char *slash, *name;
	int error, had_error;

	if (!dc || !path || !out)
		return SP_EUSER;
	slash = strrchr(path, '/');
	if (!slash) {
		/*
		 * No folder to list: a drive-relative Windows path ("t:<UDIM>.exr", relative to
		 * whatever folder was current on drive T: of the artist's machine) or a bare name.
		 * It names no file we can find; the caller reports it missing.
		 */
		sp_ctx_log(dc->ctx, SP_LOG_DEBUG, "sequence path '%s' has no folder: nothing to list", path);
		return 0;
	}
	name = slash + 1;
	if (!*name)
		return 0;
	/* Keep the separator of a root folder: "/a.exr" lists "/", "C:/a.exr" lists "C:/". */
	error = sp_buf_put(&folder, path, (size_t)(slash - path) + (slash == path || slash[-1] == ':'));
	if (error == 0)
		error = get_pattern(&np, dc, name, kinds);
	else
		error = sp__oom(dc->ctx);
	if (error < 0)
		goto done;

	had_error = sp_ctx_last_code(dc->ctx) != 0;
	error = sp_dircache_list(&names, dc, folder.ptr);
	if (error < 0 && error != SP_ENOMEM) {
		/* A folder that is missing or unreadable holds no files; the caller reports them missing. */
		sp_ctx_log(dc->ctx, SP_LOG_DEBUG, "%s", sp_ctx_last_error(dc->ctx));
		if (!had_error)
			sp_ctx_clear_error(dc->ctx);
		error = 0;
		goto done;
	}
	if (error == 0)
		error = match_names(dc, folder.ptr, np, name, names, frames, out);
done:
	sp_buf_dispose(&folder);
	return error;
}
