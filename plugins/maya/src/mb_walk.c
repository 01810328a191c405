/*
 * The tree of a .mb file, walked by sizes: FORx "Maya" { FORx "HEAD",
 * FORx "FRDI"/"FREF", one FORx <type> per node, FORx "SLCT", LISx "CONS",
 * the trailing FORx "HEAD" }.  Each leaf the walk needs becomes the call a
 * .ma statement would make (scene-formats.md §2).
 */
#include "mb_walk.h"

#include <stdio.h>

/* Caps on what one leaf may make us read; real chunks of these kinds are tens of bytes. */
#define MB_HEAD_MAX  ((size_t)1024 * 1024)
#define MB_SMALL_MAX ((size_t)64 * 1024)

static int oom(mb_state *st)
{
	return sp_ctx_error(st->w->ses->ctx, SP_ENOMEM, "out of memory");
}

static int read_leaf(mb_state *st, const mb_chunk *c, size_t max, mb_cur *cur)
{
	const unsigned char *p;
	size_t n;
	int error;
	if (c->size > max) {
		sp_ctx_log(st->w->ses->ctx, SP_LOG_WARN, "%s: byte %llu: '%.4s' chunk of %llu bytes skipped",
		           st->w->file, (unsigned long long)c->off, (const char *)c->tag,
		           (unsigned long long)c->size);
		cur->p = NULL;
		cur->left = 0;
		return 0;
	}
	error = mb_iff_read(&st->rd, c, max, &p, &n);
	cur->p = p;
	cur->left = n;
	return error;
}

/* A text leaf (VERS, TUNI...): NUL-terminated, or not when Maya wrote it without one (SLCT). */
static int leaf_text(mb_state *st, const mb_chunk *c, char **out)
{
	mb_cur cur;
	int error = read_leaf(st, c, MB_SMALL_MAX, &cur);
	if (error < 0 || !cur.p)
		return error;
	ma_free(*out);
	*out = ma_strndup((const char *)cur.p, strnlen((const char *)cur.p, cur.left));
	return *out ? 0 : oom(st);
}

static int on_version(mb_state *st, const mb_chunk *c)
{
	ma_walk *w = st->w;
	int error = leaf_text(st, c, &w->requires_version);
	int64_t year = 0;
	char y[5];
	if (error < 0 || !w->requires_version)
		return error;
	ma_free(w->header_version);
	w->header_version = ma_strdup(w->requires_version);
	if (strlen(w->requires_version) >= 4) {
		memcpy(y, w->requires_version, 4);
		y[4] = '\0';
		if (ma_parse_i64(y, &year) == 0)
			st->uuid = year >= 2016;
	}
	return w->header_version ? 0 : oom(st);
}

static int on_time_unit(mb_state *st, const mb_chunk *c)
{
	int error = leaf_text(st, c, &st->w->time_unit);
	double units = error < 0 ? 0 : mb_time_units(st->w->time_unit);
	if (units > 0)
		st->units = units;
	return error;
}

static int on_tick_rate(mb_state *st, const mb_chunk *c)
{
	char *text = NULL;
	int64_t tps = 0;
	int error = leaf_text(st, c, &text);
	if (error >= 0 && text && ma_parse_i64(text, &tps) == 0 && tps > 0) {
		st->tps = (uint64_t)tps;
		st->have_tdur = 1;
	}
	ma_free(text);
	return error;
}

/* The map key of a type id: eight lowercase hex digits (this runs once per node). */
static void type_key(char key[9], uint32_t id)
{
	static const char hex[] = "0123456789abcdef";
	for (int i = 7; i >= 0; i--, id >>= 4)
		key[i] = hex[id & 15];
	key[8] = '\0';
}

/* `name\0version\0` then, from 2014 on, the -nodeType flags and `typeName\0 id:u32be` pairs. */
static int on_plugin(mb_state *st, const mb_chunk *c)
{
	const char *name, *version, *flags, *type;
	uint32_t id;
	char key[16];
	mb_cur cur;
	int error = read_leaf(st, c, MB_HEAD_MAX, &cur);
	if (error < 0 || !cur.p)
		return error;
	if (mb_cur_str(&cur, &name) < 0 || mb_cur_str(&cur, &version) < 0)
		return mb_iff_corrupt(&st->rd, c->off, "PLUG chunk without a name and a version");
	if (name[0]) {
		error = sp_scene_add_plugin(st->w->ses->scene, name, version, 0);
		if (error < 0)
			return error;
	}
	if (mb_cur_str(&cur, &flags) < 0)
		return 0;
	while (mb_cur_str(&cur, &type) == 0 && mb_cur_u32(&cur, &id) == 0) {
		type_key(key, id);
		if (ma_map_set(&st->plug_types, key, st->plug_names.count) < 0 ||
		    ma_strvec_push(&st->plug_names, type) < 0)
			return oom(st);
	}
	return 0;
}

static int on_file_info(mb_state *st, const mb_chunk *c)
{
	const char *key, *value;
	mb_cur cur;
	int error = read_leaf(st, c, MB_SMALL_MAX, &cur);
	if (error < 0 || !cur.p || mb_cur_str(&cur, &key) < 0 || mb_cur_str(&cur, &value) < 0)
		return error;
	/* `fileInfo "version"` only stands in when a file has no VERS (none seen). */
	if (strcmp(key, "version") == 0 && !st->w->header_version) {
		st->w->header_version = ma_strdup(value);
		if (!st->w->header_version)
			return oom(st);
	}
	return 0;
}

static int head_leaf(mb_state *st, const mb_chunk *c)
{
	if (memcmp(c->tag, "VERS", 4) == 0)
		return on_version(st, c);
	if (memcmp(c->tag, "TUNI", 4) == 0)
		return on_time_unit(st, c);
	if (memcmp(c->tag, "TDUR", 4) == 0)
		return on_tick_rate(st, c);
	if (memcmp(c->tag, "PLUG", 4) == 0)
		return on_plugin(st, c);
	if (memcmp(c->tag, "FINF", 4) == 0)
		return on_file_info(st, c);
	return 0;
}

/*
 * FRDI: `depth:u32 path\0 ns\0 flags[2] refNode\0 ...` (file -rdi);
 * FREF: the same without the depth (file -r).  In FREF the second flag byte
 * is the deferred (unloaded) flag, `file -r -dr 1`: Newtoniano20's
 * AnimationTest.mb writes 01 01 where its .ma twin writes -dr 1, and every
 * `file -r` of the .ma corpus carries -dr 1.  The .ma walk reads a deferred
 * reference like any other `file -r` (it is still a dependency, and its
 * files count: scene-formats.md §1.3), so FREF is a loaded reference either
 * way and the flag only shows in verbose output.
 */
#define MB_REF_DEFERRED 0x01u

static int on_reference(mb_state *st, const mb_chunk *c, int loaded)
{
	const char *path, *ns = NULL, *rfn = NULL;
	unsigned char flags[2] = {0, 0};
	uint32_t depth = 0;
	mb_cur cur;
	int error = read_leaf(st, c, MB_SMALL_MAX, &cur);
	if (error < 0 || !cur.p)
		return error;
	if ((!loaded && mb_cur_u32(&cur, &depth) < 0) || mb_cur_str(&cur, &path) < 0)
		return mb_iff_corrupt(&st->rd, c->off, "%.4s chunk without a path", (const char *)c->tag);
	if (mb_cur_str(&cur, &ns) == 0 && cur.left >= 2) {
		memcpy(flags, cur.p, 2);
		cur.p += 2;
		cur.left -= 2;
		if (mb_cur_str(&cur, &rfn) < 0)
			rfn = NULL;
	}
	if (loaded && flags[1] & MB_REF_DEFERRED)
		sp_ctx_log(st->w->ses->ctx, SP_LOG_DEBUG,
		           "%s: byte %llu: reference %s is deferred (file -r -dr 1)", st->w->file,
		           (unsigned long long)c->off, path);
	return ma_walk_add_reference(st->w, path, ns, rfn && *rfn ? rfn : NULL,
	                             depth > 1000 ? 1000 : (int)depth, loaded, 0);
}

static const char *node_type(mb_state *st, const unsigned char code[4], const char *name)
{
	char key[16];
	size_t idx;
	const char *type;
	int printable = 1;
	type_key(key, mb_be32(code));
	if (ma_map_get(&st->plug_types, key, &idx))
		return st->plug_names.items[idx];
	type = mb_builtin_type(code);
	if (!type)
		type = mb_known_plugin_type(code);
	if (type)
		return type;
	for (int i = 0; i < 4; i++)
		printable &= (code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9') ||
		             code[i] == ' ';
	if (!printable && !ma_map_get(&st->logged, key, &idx)) {
		sp_ctx_log(st->w->ses->ctx, SP_LOG_INFO,
		           "%s: node '%s' has plug-in type id 0x%s, which no PLUG chunk of the file names",
		           st->w->file, name, key);
		if (ma_map_set(&st->logged, key, 0) < 0)
			return NULL;
	}
	return "";
}

/*
 * CREA: `flags:u8 name\0 [parent\0] [uuid[16]]`.  From 2016 a UUID ends the
 * chunk and flag 0x80 says there is no parent; before, a parent follows
 * when bytes remain.  Flag 0x01 is createNode -s.
 */
static int on_create(mb_state *st, const mb_chunk *c, const unsigned char form[4])
{
	const char *name, *parent = NULL, *type;
	unsigned flags;
	mb_cur cur;
	int error = read_leaf(st, c, MB_SMALL_MAX, &cur);
	if (error < 0 || !cur.p)
		return error;
	if (mb_cur_u8(&cur, &flags) < 0 || mb_cur_str(&cur, &name) < 0 || !*name)
		return mb_iff_corrupt(&st->rd, c->off, "CREA chunk without a node name");
	if ((st->uuid || !memchr(cur.p, 0, cur.left)) && cur.left >= 16)
		cur.left -= 16;
	if (cur.left > 0 && !(st->uuid && flags & 0x80) && mb_cur_str(&cur, &parent) < 0)
		return mb_iff_corrupt(&st->rd, c->off, "CREA chunk of '%s' has an unterminated parent name",
		                      name);
	type = node_type(st, form, name);
	if (!type)
		return oom(st);
	return ma_walk_create(st->w, name, type, parent && *parent ? parent : NULL, (int)(flags & 1), 0);
}

static int on_select(mb_state *st, const mb_chunk *c)
{
	char *name = NULL;
	int error = leaf_text(st, c, &name);
	if (error >= 0 && name && *name)
		error = ma_walk_select(st->w, name, 0);
	ma_free(name);
	return error;
}

/* CWFL: `flag:u8 src\0 dst\0` (connectAttr; the flag is -na). */
static int on_connect(mb_state *st, const mb_chunk *c)
{
	const char *src, *dst;
	unsigned flags;
	mb_cur cur;
	int error = read_leaf(st, c, MB_SMALL_MAX, &cur);
	if (error < 0 || !cur.p)
		return error;
	if (mb_cur_u8(&cur, &flags) < 0 || mb_cur_str(&cur, &src) < 0 || mb_cur_str(&cur, &dst) < 0)
		return mb_iff_corrupt(&st->rd, c->off, "CWFL chunk without two plugs");
	return ma_walk_connect(st->w, src, dst);
}

static int leaf(mb_state *st, const mb_chunk *c, const mb_chunk *parent)
{
	if (memcmp(parent->form, "HEAD", 4) == 0)
		return head_leaf(st, c);
	if (memcmp(c->tag, "FRDI", 4) == 0 || memcmp(c->tag, "FREF", 4) == 0)
		return on_reference(st, c, c->tag[2] == 'E');
	if (memcmp(c->tag, "CREA", 4) == 0)
		return on_create(st, c, parent->form);
	if (memcmp(c->tag, "SLCT", 4) == 0)
		return on_select(st, c);
	if (memcmp(c->tag, "CWFL", 4) == 0)
		return on_connect(st, c);
	if (memcmp(c->tag, "REFE", 4) == 0)
		return mb_ref_edits(st, c);
	if (memcmp(c->tag, "ATTR", 4) == 0)
		return mb_attr_def(st, c);
	return st->w->cur ? mb_attr_chunk(st, c) : 0;
}

static int walk_group(mb_state *st, const mb_chunk *group, unsigned depth)
{
	uint64_t at = group->data, end = group->data + group->size;
	mb_chunk c;
	int rc;
	if (depth > MB_MAX_DEPTH)
		return mb_iff_corrupt(&st->rd, group->off, "groups nested more than %d deep", MB_MAX_DEPTH);
	/* A node's attributes are the leaves of its own form, never those of the next one. */
	st->w->cur = NULL;
	while ((rc = mb_iff_next(&st->rd, &at, end, &c)) > 0) {
		rc = c.group ? walk_group(st, &c, depth + 1) : leaf(st, &c, group);
		if (rc < 0)
			break;
	}
	st->w->cur = NULL;
	return rc < 0 ? rc : 0;
}

int mb_walk_read(ma_walk *w)
{
	mb_state st;
	mb_chunk top;
	int error;
	memset(&st, 0, sizeof(st));
	st.w = w;
	st.units = 24; /* film, Maya's default unit */
	error = mb_iff_open(&st.rd, w->ses->ctx, w->file, &top);
	if (error >= 0)
		error = walk_group(&st, &top, 1);
	/* Every chunk fitted, yet the form says there is more: the file lost its tail (padding at least). */
	if (error >= 0 && top.data + top.size > st.rd.file_end)
		error =
		    mb_iff_corrupt(&st.rd, st.rd.file_end,
		                   "file ends %llu bytes before the end of its top-level form (truncated)",
		                   (unsigned long long)(top.data + top.size - st.rd.file_end));
	mb_iff_close(&st.rd);
	ma_map_dispose(&st.plug_types);
	ma_strvec_dispose(&st.plug_names);
	ma_map_dispose(&st.logged);
	return error;
}
