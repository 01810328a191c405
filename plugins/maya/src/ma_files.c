/* File references: the node-type table, `-uaf` attributes, path-looking strings and override values. */
#include "ma_layers.h"
#include "ma_attrs.h"

#include <stdio.h>

static int oom(ma_walk *w)
{
	return sp_ctx_error(w->ses->ctx, SP_ENOMEM, "out of memory");
}

/* "a/b//c" is Maya's project-relative join; "//srv/x" (UNC) and "scheme://" are not. */
static int has_project_join(const char *path)
{
	const char *p = strstr(path + (path[0] ? 1 : 0), "//");
	while (p) {
		if (p[-1] != ':' && p[-1] != '/')
			return 1;
		p = strstr(p + 2, "//");
	}
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? ma_strndup(path, (size_t)(slash - path)) : ma_strdup(".");
}

/* Sequence and tile tokens the core expands (its seq module's list, kept to what Maya files hold). */
static unsigned token_flags(const char *path)
{
	static const char *const tiles[] = {"<UDIM>",    "<udim>", "<UVTILE>", "<uvtile>", "<tile>",
	                                    "u<U>_v<V>", "<u>",    "<v>",      "<U>",      "<V>"};
	static const char *const frames[] = {"<f>", "<F>", "<Frame>", "<frame>", "#", "%0", "%d"};
	unsigned flags = 0;
	if (!strpbrk(path, "<#%")) /* every token holds one of them; most paths none */
		return 0;
	for (size_t i = 0; i < sizeof(tiles) / sizeof(tiles[0]); i++)
		if (strstr(path, tiles[i]))
			flags |= SP_REF_TILES;
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++)
		if (strstr(path, frames[i]))
			flags |= SP_REF_FRAMES;
	return flags;
}

/*
 * Declare a reference.  Relative paths in a referenced file are tried in
 * that file's folder first; `own_dir` asks the same for the scene itself
 * (XGen collection files sit beside the scene that names them).
 */
static int add_file_at(ma_walk *w, const char *path, sp_ref_kind kind, unsigned flags, const char *node,
                       const char *attr, uint64_t line, int own_dir)
{
	sp_fileref ref = SP_FILEREF_INIT;
	char *base = NULL;
	int error;
	if (!path || !*path)
		return 0;
	if (has_project_join(path))
		flags |= SP_REF_PROJECT;
	/* A token written into any path attribute is a sequence or tile set, whatever the node type. */
	if (kind != SP_REF_SCENE)
		flags |= token_flags(path);
	if (w->child || own_dir) {
		base = dir_of(w->file);
		if (!base)
			return oom(w);
	}
	ref.path = path;
	ref.kind = kind;
	ref.flags = flags;
	ref.node = node;
	ref.attr = attr;
	ref.source = w->child ? w->file : NULL;
	ref.line = line;
	ref.base = base;
	error = sp_scene_add_file(w->ses->scene, &ref);
	ma_free(base);
	return error;
}

int ma_add_file(ma_walk *w, const char *path, sp_ref_kind kind, unsigned flags, const char *node,
                const char *attr, uint64_t line)
{
	return add_file_at(w, path, kind, flags, node, attr, line, 0);
}

static sp_ref_kind kind_from_extension(const char *path)
{
	static const struct {
		const char *ext;
		sp_ref_kind kind;
	} kinds[] = {
	    {".abc", SP_REF_CACHE},    {".mc", SP_REF_CACHE},      {".mcx", SP_REF_CACHE},
	    {".bgeo", SP_REF_CACHE},   {".bgeo.sc", SP_REF_CACHE}, {".vdb", SP_REF_VOLUME},
	    {".ass", SP_REF_PROXY},    {".ass.gz", SP_REF_PROXY},  {".rs", SP_REF_PROXY},
	    {".vrmesh", SP_REF_PROXY}, {".vrscene", SP_REF_PROXY}, {".usd", SP_REF_PROXY},
	    {".usda", SP_REF_PROXY},   {".usdc", SP_REF_PROXY},    {".usdz", SP_REF_PROXY},
	    {".ma", SP_REF_SCENE},     {".mb", SP_REF_SCENE},      {".ies", SP_REF_LIGHT},
	    {".ocio", SP_REF_CONFIG},  {".wav", SP_REF_AUDIO},     {".xgen", SP_REF_OTHER},
	    {".mtlx", SP_REF_OTHER},   {".osl", SP_REF_OTHER},     {".oso", SP_REF_OTHER},
	    {".fbx", SP_REF_OTHER},    {".obj", SP_REF_OTHER},
	};
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (ma_ends_with_nocase(path, kinds[i].ext))
			return kinds[i].kind;
	return SP_REF_TEXTURE;
}

/* Start and length of the last run of digits in the file name part of path[0..limit), or 0. */
static size_t last_digits(const char *path, size_t limit, size_t *start)
{
	size_t name = 0, end = 0;
	for (size_t i = 0; i < limit; i++)
		if (path[i] == '/' || path[i] == '\\')
			name = i + 1;
	for (size_t i = limit; i > name; i--) {
		if (path[i - 1] >= '0' && path[i - 1] <= '9') {
			end = i;
			break;
		}
	}
	if (!end)
		return 0;
	*start = end;
	while (*start > name && path[*start - 1] >= '0' && path[*start - 1] <= '9')
		(*start)--;
	return end - *start;
}

/*
 * The UDIM tile number of a concrete tile name: the last run of exactly four
 * digits from 1001 in the file name part ("hull_1001_v002.png" keeps its
 * version), else the last run of digits as before.  Returns its length.
 */
static size_t udim_digits(const char *path, size_t limit, size_t *start)
{
	size_t name = 0;
	for (size_t i = 0; i < limit; i++)
		if (path[i] == '/' || path[i] == '\\')
			name = i + 1;
	for (size_t end = limit; end > name; end--) {
		size_t b = end;
		if (path[end - 1] < '0' || path[end - 1] > '9' ||
		    (end < limit && path[end] >= '0' && path[end] <= '9'))
			continue;
		while (b > name && path[b - 1] >= '0' && path[b - 1] <= '9')
			b--;
		if (end - b == 4 && (path[b] > '1' || memcmp(path + b, "1001", 4) >= 0) && path[b] <= '9') {
			*start = b;
			return 4;
		}
		end = b + 1; /* skip the whole run */
	}
	return 0;
}

static int splice(sp_buf *out, const char *path, size_t start, size_t len, const char *token)
{
	sp_buf tmp = SP_BUF_INIT;
	int error = sp_buf_put(&tmp, path, start);
	if (error >= 0)
		error = sp_buf_puts(&tmp, token);
	if (error >= 0)
		error = sp_buf_puts(&tmp, path + start + len);
	if (error >= 0)
		error = sp_buf_sets(out, sp_buf_cstr(&tmp));
	sp_buf_dispose(&tmp);
	return error;
}

/* ZBrush (u0_v0) and Mudbox (u1_v1) tiles: "u<digits>_v<digits>" becomes "u<U>_v<V>". */
static int splice_uv(sp_buf *out, const char *path)
{
	for (const char *p = strrchr(path, 'u'); p; p = p > path ? p - 1 : NULL) {
		const char *q = p + 1;
		if (*p != 'u' || *q < '0' || *q > '9')
			continue;
		while (*q >= '0' && *q <= '9')
			q++;
		if (q[0] != '_' || q[1] != 'v' || q[2] < '0' || q[2] > '9')
			continue;
		q += 2;
		while (*q >= '0' && *q <= '9')
			q++;
		return splice(out, path, (size_t)(p - path), (size_t)(q - p), "u<U>_v<V>");
	}
	return 0;
}

/*
 * A file node in tiling or frame-extension mode stores one concrete tile or
 * frame ("…1001.png"); the render needs them all, so the digits become the
 * core's tokens: the last run for the frame (.ufe), the last 4-digit 1xxx
 * run before it for UDIM (.uvt 3).
 */
static int make_pattern(sp_buf *out, unsigned *flags, const char *path, int64_t uvt, int frames)
{
	size_t start = 0, len, limit;
	int error = sp_buf_sets(out, path);
	limit = out->size;
	if (error < 0 || strchr(path, '<') || strchr(path, '#')) {
		*flags |= (uvt ? SP_REF_TILES : 0) | (frames ? SP_REF_FRAMES : 0);
		return error;
	}
	if (frames && (len = last_digits(out->ptr, limit, &start)) > 0) {
		error = splice(out, sp_buf_cstr(out), start, len, "<f>");
		*flags |= SP_REF_FRAMES;
		limit = start;
	}
	if (error >= 0 && uvt == 3 && (len = udim_digits(out->ptr, limit, &start)) == 4) {
		error = splice(out, sp_buf_cstr(out), start, len, "<UDIM>");
		*flags |= SP_REF_TILES;
	} else if (error >= 0 && (uvt == 1 || uvt == 2)) {
		size_t before = out->size;
		char *copy = ma_strdup(sp_buf_cstr(out));
		if (!copy)
			return SP_ENOMEM;
		error = splice_uv(out, copy);
		ma_free(copy);
		if (out->size != before)
			*flags |= SP_REF_TILES;
	}
	return error;
}

static int64_t int_value(const ma_node *n, const char *attr)
{
	int64_t v = 0;
	double d;
	const char *s = ma_node_value(n, attr);
	if (s && ma_parse_i64(s, &v) < 0)
		v = ma_parse_double(s, &d) == 0 ? (int64_t)d : ma_parse_bool(s, 0);
	return v;
}

/* End of one entry of a path list: ';', or ':' unless it is a drive letter's ("C:/x:D:/y"). */
static char *list_end(char *p)
{
	for (char *q = p; *q; q++) {
		if (*q == ';')
			return q;
		if (*q == ':' && !(q - p == 1 && ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
		                   (q[1] == '/' || q[1] == '\\')))
			return q;
	}
	return NULL;
}

/*
 * Several paths in one string (search folders, or a list of files).  3Delight
 * and Yeti lists may use ':' between entries, with '@' for the renderer's
 * default list and '&' for the previous value: those name nothing here.
 */
static int add_pathlist(ma_walk *w, const char *value, const ma_path_attr *row, const char *node,
                        uint64_t line)
{
	unsigned flags = row->flags & MA_PF_DIR ? SP_REF_DIRECTORY | SP_REF_OPTIONAL : 0;
	char *copy = ma_strdup(value), *p, *next;
	int error = copy ? 0 : SP_ENOMEM;
	for (p = copy; error >= 0 && p && *p; p = next) {
		next = list_end(p);
		if (next)
			*next++ = '\0';
		while (*p == ' ')
			p++;
		if (strcmp(p, "@") != 0 && strcmp(p, "&") != 0)
			error = add_file_at(w, p, row->kind, flags, node, row->lname, line,
			                    (row->flags & MA_PF_SCENE_DIR) != 0);
	}
	ma_free(copy);
	return error;
}

/*
 * The data of a Maya geometry cache beside its description: the .xml says
 * whether one file holds every frame ("<name>.mc") or one file each
 * ("<name>Frame<N>.mc"), and in which format (mcc: .mc, mcx: .mcx), in
 * `<cacheType Type="OneFilePerFrame" Format="mcx"/>`.  Without a readable
 * description nothing more can be said: the missing .xml is reported.
 */
static int add_cache_data(ma_walk *w, const char *xml, const char *dir, const char *cn, const char *node,
                          uint64_t line)
{
	sp_buf found = SP_BUF_INIT, path = SP_BUF_INIT;
	char head[8192];
	size_t n = 0;
	int error = 0;
	FILE *fp = NULL;
	error = ma_find_file(&found, w, xml);
	if (error > 0)
		fp = sp_fopen_read(sp_buf_cstr(&found));
	if (fp) {
		n = fread(head, 1, sizeof(head) - 1, fp);
		fclose(fp);
		head[n] = '\0';
		error = sp_buf_printf(&path, "%s/%s%s%s", dir, cn,
		                      strstr(head, "Type=\"OneFilePerFrame\"") ? "Frame<f>" : "",
		                      strstr(head, "Format=\"mcx\"") ? ".mcx" : ".mc");
		if (error >= 0 && strstr(head, "cacheType"))
			error = ma_add_file(w, sp_buf_cstr(&path), SP_REF_CACHE, 0, node, "cachePath", line);
	}
	sp_buf_dispose(&found);
	sp_buf_dispose(&path);
	return error < 0 ? error : 0;
}

/* One table row with its switches and patterns; `value` may come from the node or an override. */
static int add_row_value(ma_walk *w, const ma_node *n, const ma_path_attr *row, const char *value,
                         const char *node_name, uint64_t line)
{
	sp_buf pat = SP_BUF_INIT;
	unsigned flags = (row->flags & MA_PF_DIR ? SP_REF_DIRECTORY : 0) |
	                 (row->flags & MA_PF_OPTIONAL ? SP_REF_OPTIONAL : 0);
	int error = 0;
	if (!value || !*value)
		return 0;
	if (row->flags & MA_PF_YETI && int_value(n, "fm") == 0)
		return 0;
	if (row->flags & MA_PF_OCIO &&
	    (!ma_parse_bool(ma_node_value(n, "cfe"), 0) || strncmp(value, "<MAYA_RESOURCES>", 16) == 0))
		return 0;
	if (row->flags & MA_PF_RMAN_OCIO && !ma_parse_bool(ma_node_value(n, "ocioEnabled"), 1))
		return 0;
	if (row->flags & MA_PF_BACKPLATE && !ma_parse_bool(ma_node_value(n, "backPlateEnabled"), 0))
		return 0;
	if (row->flags & MA_PF_PATHLIST)
		return add_pathlist(w, value, row, node_name, line);
	if (row->flags & MA_PF_CACHEFILE) {
		const char *cn = ma_node_value(n, "cn");
		error = cn && *cn ? sp_buf_printf(&pat, "%s/%s.xml", value, cn) : sp_buf_sets(&pat, value);
		if (!(cn && *cn))
			flags |= SP_REF_DIRECTORY;
		else if (error >= 0)
			error = add_cache_data(w, sp_buf_cstr(&pat), value, cn, node_name, line);
	} else if (row->flags & MA_PF_MOVIE_TYPE && int_value(n, "t") == 2) {
		error = sp_buf_sets(&pat, value); /* a movie holds every frame */
	} else if (row->flags & (MA_PF_FILE_NODE | MA_PF_FRAME_EXT)) {
		int64_t uvt = row->flags & MA_PF_FILE_NODE ? int_value(n, "uvt") : 0;
		error = make_pattern(&pat, &flags, value, uvt, ma_parse_bool(ma_node_value(n, "ufe"), 0));
	} else {
		error = sp_buf_sets(&pat, value);
	}
	if (error >= 0)
		error = add_file_at(w, sp_buf_cstr(&pat), row->kind, flags, node_name, row->lname, line,
		                    (row->flags & MA_PF_SCENE_DIR) != 0);
	sp_buf_dispose(&pat);
	return error;
}

/* "rep[2].rda" -> "rep.rda" in out: a compound child's name without its indices. */
static const char *strip_indices(char *out, size_t size, const char *attr)
{
	size_t n = 0;
	int depth = 0;
	for (; *attr && n + 1 < size; attr++) {
		if (*attr == '[')
			depth++;
		else if (*attr == ']')
			depth = depth > 0 ? depth - 1 : 0;
		else if (!depth)
			out[n++] = *attr;
	}
	out[n] = '\0';
	return out;
}

/* "fns[2]" -> "fns" in out. */
static const char *base_name(char *out, size_t size, const char *attr)
{
	size_t n = strcspn(attr, "[");
	if (n >= size)
		n = size - 1;
	memcpy(out, attr, n);
	out[n] = '\0';
	return out;
}

/* The key of node.attr in ma_session.edited: the attribute in its short form, without indices. */
static void edited_key(char *out, size_t size, const char *node, const char *attr)
{
	char base[256];
	size_t n = strcspn(attr, "[");
	if (n >= sizeof(base))
		n = sizeof(base) - 1;
	memcpy(base, attr, n);
	base[n] = '\0';
	snprintf(out, size, "%s\n%s", node, ma_attr_canon(base));
}

/* 1 when an outer file's reference edit replaced this referenced node's value: Maya never loads it. */
static int edited_away(const ma_walk *w, const char *node, const char *attr)
{
	char key[1024];
	size_t seen;
	if (!w->child)
		return 0;
	edited_key(key, sizeof(key), node, attr);
	return ma_map_get(&w->ses->edited, key, &seen);
}

static int feed_node(ma_walk *w, const ma_node *n)
{
	char base[256], full[256], name[512];
	if (n->ti->cls == MA_TYPE_LAYER || ma_node_nattr(n) == 0)
		return 0; /* layer and Render Setup values count only through the layers that apply them */
	ma_join(name, sizeof(name), w->ns, n->name);
	for (size_t i = 0; i < ma_node_nattr(n); i++) {
		const ma_attr *a = ma_node_attr_at(n, i);
		const ma_path_attr *row;
		int error = 0;
		if (!a->value || !a->is_string || !*a->value || edited_away(w, name, a->name))
			continue;
		row = strchr(a->name, '.') ? ma_node_path_attr(n, strip_indices(full, sizeof(full), a->name))
		                           : NULL;
		if (!row)
			row = ma_node_path_attr(n, base_name(base, sizeof(base), a->name));
		if (row && strchr(row->sname, '.') && !strchr(a->name, '.'))
			row = NULL;
		if (row)
			error = add_row_value(w, n, row, a->value, name, a->line);
		else if (ma_node_has_uaf(n, a->written) || ma_node_has_uaf(n, base))
			error = ma_add_file(w, a->value, kind_from_extension(a->value), 0, name, a->written,
			                    a->line);
		else if (!ma_is_output_attr(n->ti->name, base) &&
		         !ma_is_output_attr(n->ti->name, a->written) && ma_looks_like_path(a->value))
			error = ma_add_file(w, a->value, kind_from_extension(a->value), 0, name, a->written,
			                    a->line);
		if (error < 0)
			return error;
	}
	return 0;
}

int ma_feed_files(ma_walk *w)
{
	for (size_t i = 0; i < w->store.nnode; i++) {
		int error = feed_node(w, w->store.nodes[i]);
		if (error < 0)
			return error == SP_ENOMEM ? oom(w) : error;
	}
	return 0;
}

int ma_feed_override_files(ma_walk *w, const ma_ovr_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		const ma_ovr *o = &l->items[i];
		const ma_node *n = ma_store_find(&w->store, o->node);
		const ma_path_attr *row = n ? ma_node_path_attr(n, o->attr) : ma_path_attr_any(o->attr);
		int error = 0;
		if (row)
			error = add_row_value(w, n, row, o->value, o->node, o->line);
		else if (n && (ma_node_has_uaf(n, o->attr) || ma_node_has_uaf(n, o->written)))
			error = ma_add_file(w, o->value, kind_from_extension(o->value), 0, o->node,
			                    o->written ? o->written : o->attr, o->line);
		if (error < 0)
			return error;
	}
	return 0;
}

/*
 * Render Setup overrides of a path attribute whose collection names nodes
 * of a referenced file (`|lookdev:hull` in the selector's static list): the
 * scene's evaluation cannot reach those nodes, but the value is the file the
 * layer renders with.
 */
int ma_feed_foreign_override_files(ma_walk *w, const ma_layer_eval *le)
{
	char name[512];
	int error = 0;
	for (size_t i = 0; error >= 0 && le->rs_layer && i < le->rs->noverride; i++) {
		const ma_rs_override *o = &le->rs->overrides[i];
		const char *attr = ma_node_value(o->node, "atr"),
		           *ssl = o->sel ? ma_node_value(o->sel, "ssl") : NULL;
		const ma_attr *v = ma_node_attr(o->node, "atv");
		const ma_path_attr *row = attr ? ma_path_attr_any(attr) : NULL;
		if (o->layer != le->rs_layer || !row || !v || !v->is_string || !v->value || !*v->value)
			continue;
		while (error >= 0 && ssl && *ssl) {
			size_t len = strcspn(ssl, "\n");
			const char *last = ssl;
			for (size_t k = 0; k < len; k++)
				if (ssl[k] == '|')
					last = ssl + k + 1;
			if ((size_t)(ssl + len - last) < sizeof(name) && ssl + len > last) {
				memcpy(name, last, (size_t)(ssl + len - last));
				name[ssl + len - last] = '\0';
				if (strchr(name, ':') && !ma_store_find(&w->store, name))
					error =
					    ma_add_file(w, v->value, row->kind, 0, name, row->lname, v->line);
			}
			ssl += len;
			ssl += *ssl == '\n';
		}
	}
	return error == SP_ENOMEM ? oom(w) : error;
}

/* The string value of an edit's setAttr arguments: ` -type "string" "C:/a.png"` -> C:/a.png (unescaped). */
static int edit_string(sp_buf *out, const char *args)
{
	const char *p = strstr(args, "-type \"string\"");
	if (!p)
		return 0;
	p = strchr(p + 14, '"');
	if (!p)
		return 0;
	sp_buf_clear(out);
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (sp_buf_putc(out, *p) < 0)
			return SP_ENOMEM;
	}
	return *p == '"' && out->size > 0;
}

/* A camera's renderable flag set by a reference edit: `2 "rig:camShape" "renderable" " 0"`. */
static int edit_renderable(ma_walk *w, const char *node, const char *args)
{
	char name[512], word[32];
	size_t end = strlen(args), start;
	while (end > 0 && (args[end - 1] == ' ' || args[end - 1] == '\t'))
		end--;
	for (start = end; start > 0 && args[start - 1] != ' ' && args[start - 1] != '\t'; start--)
		;
	if (end == start || end - start >= sizeof(word))
		return 0;
	memcpy(word, args + start, end - start);
	word[end - start] = '\0';
	if (ma_parse_bool(word, -1) < 0)
		return 0;
	ma_join(name, sizeof(name), w->ns, node);
	return ma_note_camera(w->ses, NULL, name, ma_parse_bool(word, 1));
}

int ma_reference_edits(ma_walk *w, const ma_token *t, size_t n, size_t from)
{
	sp_buf value = SP_BUF_INIT;
	char node[512], key[1024];
	const char *leaf;
	int error = 0;
	if (w->cur && ma_reference_unloaded(w, w->cur->name))
		return 0; /* an unloaded reference's nodes are not in the scene Maya renders */
	for (size_t i = from; error >= 0 && i + 3 < n; i++) {
		const ma_path_attr *row;
		if (t[i].quoted || strcmp(t[i].ptr, "2") != 0 || !t[i + 1].quoted || !t[i + 2].quoted ||
		    !t[i + 3].quoted)
			continue;
		if (strcmp(ma_attr_canon(t[i + 2].ptr), "rnd") == 0) {
			error = edit_renderable(w, t[i + 1].ptr, t[i + 3].ptr);
			i += 3;
			continue;
		}
		error = edit_string(&value, t[i + 3].ptr);
		if (error <= 0)
			continue;
		row = ma_path_attr_any(t[i + 2].ptr);
		/* a DAG node is written with its path ("|rig:grp|rig:gpuShape"); the walk knows it by name */
		leaf = strrchr(t[i + 1].ptr, '|');
		ma_join(node, sizeof(node), w->ns, leaf ? leaf + 1 : t[i + 1].ptr);
		edited_key(key, sizeof(key), node, t[i + 2].ptr);
		if (ma_map_set(&w->ses->edited, key, 1) < 0) {
			error = SP_ENOMEM;
			break;
		}
		if (row)
			error = ma_add_file(w, sp_buf_cstr(&value), row->kind, 0, node, row->lname,
			                    w->lx.stmt_line);
		else if (!ma_is_output_attr("*", t[i + 2].ptr) && ma_looks_like_path(sp_buf_cstr(&value)))
			error = ma_add_file(w, sp_buf_cstr(&value), kind_from_extension(sp_buf_cstr(&value)),
			                    0, node, t[i + 2].ptr, w->lx.stmt_line);
		i += 3;
	}
	sp_buf_dispose(&value);
	return error == SP_ENOMEM ? oom(w) : error < 0 ? error : 0;
}
