/*
 * From reader events to items: contexts nest ("project://scene/sub"),
 * items are named by their "name" attribute, embedded objects hang off
 * their owner with a '.', attribute blocks (animated, texturable, custom)
 * hand their values to the attribute they are named after.
 */
#include "cl_walk.h"

#include <limits.h>
#include <stdio.h>

enum { F_CONTEXT = 1, F_ITEM, F_EMBED, F_ATTR };
enum { REC_NONE = 0, REC_IMAGE, REC_LAYER };

/*
 * A block being read.  Its class and attribute names live in walk.names, a
 * stack of strings that grows as blocks open and is cut back as they
 * close, so opening a block allocates nothing; they are offsets because
 * that stack moves when it grows.
 */
typedef struct {
	int kind;
	size_t cls;  /* item: its class */
	size_t attr; /* attribute block: the attribute its values belong to (a parent's for value[]) */
	size_t mark; /* the names stack before this block's strings */
	char *path;  /* context: its path; item: its full name once named */
	int rec;
	size_t index;
	uint64_t line;
} frame;

typedef struct {
	char *path;   /* prepared ($PDIR replaced) */
	char *prefix; /* context the referenced project's items go under */
	uint64_t line;
} reference;

typedef struct {
	cl_session *ses;
	const char *file;
	char *dir;  /* folder of the file */
	char *pdir; /* its real folder: what $PDIR means */
	const char *prefix;
	int main;
	int header;
	frame *frames;
	size_t depth, cap;
	char *names; /* class and attribute names of the open blocks, NUL-terminated, see frame */
	size_t names_len, names_cap;
	reference *refs;
	size_t ref_count, ref_cap;
	sp_buf tmp;
} walk;

static int oom(walk *w)
{
	return sp_ctx_error(w->ses->ctx, SP_ENOMEM, "%s: out of memory", w->file);
}

static const char *name_at(const walk *w, size_t at)
{
	return w->names + at;
}

/* Push a name on the names stack; *at is its offset. */
static int push_name(walk *w, const char *s, size_t *at)
{
	size_t n = strlen(s);
	if (cl_grow((void **)&w->names, &w->names_cap, w->names_len + n + 1, 1) < 0)
		return oom(w);
	memcpy(w->names + w->names_len, s, n + 1);
	*at = w->names_len;
	w->names_len += n + 1;
	return 0;
}

static frame *top(walk *w)
{
	return w->depth ? &w->frames[w->depth - 1] : NULL;
}

static frame *nearest(walk *w, int kind)
{
	for (size_t i = w->depth; i > 0; i--)
		if (w->frames[i - 1].kind == kind)
			return &w->frames[i - 1];
	return NULL;
}

static const char *context_path(walk *w)
{
	frame *c = nearest(w, F_CONTEXT);
	return c ? c->path : w->prefix;
}

static char *join(const char *a, const char *sep, const char *b)
{
	size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
	char *s = cl_malloc(na + ns + nb + 1);
	if (!s)
		return NULL;
	memcpy(s, a, na);
	memcpy(s + na, sep, ns);
	memcpy(s + na + ns, b, nb + 1);
	return s;
}

/* `s` (`len` bytes) ends in `suffix`, ignoring case. */
static int ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t m = strlen(suffix);
	return len >= m && cl_strcaseeq(s + len - m, suffix);
}

static int is_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/*
 * 3D layers and renderer layers (Layer3d, KubixLayer, SpherixLayer...): every
 * layer class but the 2D ones of the reference guide's Layer page, which
 * composite what exists instead of rendering, and ShadingLayer, the
 * material-override item a LayerScene points to (LayerScene.html).
 */
static int is_layer_class(const char *cls, size_t len)
{
	static const char *const layers_2d[] = {
	    "LayerColor",     "LayerFile",    "LayerImage", "LayerImageNode",
	    "LayerReference", "ShadingLayer", NULL};
	if (strncmp(cls, "Layer", 5) != 0 && !ends_with_ci(cls, len, "Layer"))
		return 0;
	for (size_t i = 0; layers_2d[i]; i++)
		if (cls[0] == layers_2d[i][0] && strcmp(cls, layers_2d[i]) == 0)
			return 0;
	return 1;
}

/* "value", "value[]", "value[1]": the values of the enclosing attribute. */
static int is_value_attr(const char *name)
{
	return name[0] == 'v' && strncmp(name, "value", 5) == 0 && (name[5] == '\0' || name[5] == '[');
}

static cl_item *record(walk *w, const frame *f)
{
	if (f->rec == REC_IMAGE)
		return &w->ses->images[f->index];
	if (f->rec == REC_LAYER)
		return &w->ses->layers[f->index];
	return NULL;
}

static int new_record(walk *w, frame *f, const char *cls, int embedded, uint64_t line)
{
	cl_session *ses = w->ses;
	cl_item **items = f->rec == REC_IMAGE ? &ses->images : &ses->layers;
	size_t *count = f->rec == REC_IMAGE ? &ses->image_count : &ses->layer_count;
	size_t *cap = f->rec == REC_IMAGE ? &ses->image_cap : &ses->layer_cap;
	frame *owner = embedded ? nearest(w, F_ITEM) : NULL;
	cl_item *it;
	if (cl_grow((void **)items, cap, *count + 1, sizeof(**items)) < 0)
		return oom(w);
	it = &(*items)[*count];
	memset(it, 0, sizeof(*it));
	f->index = (*count)++;
	it->cls = cl_strdup(cls);
	it->context =
	    cl_strdup(owner && owner->rec == REC_IMAGE ? ses->images[owner->index].context : context_path(w));
	it->source = cl_strdup(w->file);
	it->line = line;
	it->embedded = embedded;
	return it->cls && it->context && it->source ? 0 : oom(w);
}

static int note_renderer(walk *w, const char *cls, size_t len)
{
	/* built-in renderers are "Renderer*"; plug-in renderers are "<Name>Renderer" */
	if (!ends_with_ci(cls, len, "Renderer") || strncmp(cls, "Renderer", 8) == 0 ||
	    cl_strvec_has(&w->ses->renderer_classes, cls))
		return 0;
	return cl_strvec_push(&w->ses->renderer_classes, cls) < 0 ? oom(w) : 0;
}

static int classify(walk *w, frame *f, frame *parent, const char *cls, const char *label)
{
	if (!parent || parent->kind == F_CONTEXT) {
		if (cls[0] == 'C' && strcmp(cls, "Context") == 0) {
			f->kind = F_CONTEXT;
			f->path = join(parent ? parent->path : w->prefix, "/", label ? label : "");
			return f->path ? 0 : oom(w);
		}
		f->kind = is_upper(cls[0]) ? F_ITEM : F_ATTR;
	} else if (parent->kind == F_EMBED) {
		f->kind = F_ITEM;
	} else if (parent->kind == F_ITEM && cls[0] == 'e' && strcmp(cls, "embedded_objects") == 0) {
		f->kind = F_EMBED;
	} else {
		f->kind = F_ATTR;
	}
	if (f->kind == F_ATTR) {
		/* "value[] { fcurve {...} }" and friends belong to the enclosing attribute */
		int inherit = parent && parent->kind == F_ATTR &&
		              (is_value_attr(cls) || (cls[0] == 'f' && strcmp(cls, "fcurve") == 0));
		if (inherit) {
			f->attr = parent->attr;
			return 0;
		}
		return push_name(w, label ? label : cls, &f->attr);
	}
	return f->kind == F_ITEM ? push_name(w, cls, &f->cls) : 0;
}

static int check_header(walk *w, const char *what, uint64_t line)
{
	if (w->header)
		return 0;
	return sp_ctx_error(
	    w->ses->ctx, SP_EUNSUPPORTED,
	    "%s:%llu: %s before the '#Isotropix_Serial_Version' header: not a Clarisse project", w->file,
	    (unsigned long long)line, what);
}

static int on_open(void *payload, const char *cls, const char *label, uint64_t line)
{
	walk *w = payload;
	frame f, *parent = top(w);
	int error = check_header(w, "a block", line);
	memset(&f, 0, sizeof(f));
	f.line = line;
	f.mark = w->names_len;
	if (error == 0)
		error = classify(w, &f, parent, cls, label);
	if (error == 0 && f.kind == F_ITEM) {
		size_t len = strlen(cls);
		f.rec = cls[0] == 'I' && strcmp(cls, "Image") == 0 ? REC_IMAGE
		        : is_layer_class(cls, len)                 ? REC_LAYER
		                                                   : REC_NONE;
		if (f.rec != REC_NONE)
			error = new_record(w, &f, cls, parent && parent->kind == F_EMBED, line);
		if (error == 0)
			error = note_renderer(w, cls, len);
	}
	if (error == 0 && cl_grow((void **)&w->frames, &w->cap, w->depth + 1, sizeof(*w->frames)) < 0)
		error = oom(w);
	if (error < 0) {
		w->names_len = f.mark;
		cl_free(f.path);
		return error;
	}
	w->frames[w->depth++] = f;
	return 0;
}

/* The full name of an item frame called `name`. */
static char *item_name(walk *w, size_t at, const char *name)
{
	if (at > 0 && w->frames[at - 1].kind == F_EMBED) {
		for (size_t i = at - 1; i > 0; i--)
			if (w->frames[i - 1].kind == F_ITEM && w->frames[i - 1].path)
				return join(w->frames[i - 1].path, ".", name);
	}
	return join(context_path(w), "/", name);
}

static int set_name(walk *w, frame *f, const char *name)
{
	cl_item *it = record(w, f);
	cl_free(f->path);
	f->path = item_name(w, (size_t)(f - w->frames), name);
	if (!f->path)
		return oom(w);
	if (it) {
		cl_free(it->name);
		if (!(it->name = cl_strdup(f->path)))
			return oom(w);
	}
	return 0;
}

static int on_close(void *payload, uint64_t line)
{
	walk *w = payload;
	frame *f = top(w);
	int error = 0;
	(void)line;
	if (!f)
		return 0;
	if (f->kind == F_ITEM && !f->path)
		error = set_name(
		    w, f, name_at(w, f->cls)); /* an unnamed item: Clarisse would name it after its class */
	cl_free(f->path);
	w->names_len = f->mark;
	w->depth--;
	return error;
}

static int keep_attr(walk *w, cl_item *it, const char *name, const cl_value *vals, size_t n)
{
	sp_buf joined = SP_BUF_INIT;
	int error = 0;
	for (size_t i = 0; i < n && error == 0; i++) {
		if (i > 0)
			error = sp_buf_putc(&joined, ' ');
		if (error == 0)
			error = sp_buf_puts(&joined, vals[i].text);
		if (error == 0 && cl_streq(name, "layers"))
			error = cl_strvec_push(&it->layers, vals[i].text);
	}
	for (size_t i = 0; i < it->keys.count && error == 0; i++) {
		if (strcmp(it->keys.items[i], name) == 0) {
			char *v = cl_strdup(sp_buf_cstr(&joined));
			if (!v) {
				error = SP_ENOMEM;
				break;
			}
			cl_free(it->values.items[i]);
			it->values.items[i] = v;
			sp_buf_dispose(&joined);
			return 0;
		}
	}
	if (error == 0 && (error = cl_strvec_push(&it->keys, name)) == 0)
		error = cl_strvec_push(&it->values, sp_buf_cstr(&joined));
	sp_buf_dispose(&joined);
	return error < 0 ? oom(w) : 0;
}

static int add_input(walk *w, const char *prepared, uint64_t line)
{
	cl_session *ses = w->ses;
	cl_input *in;
	int error = cl_path_resolve(&w->tmp, ses->ctx, prepared, w->dir);
	if (error < 0)
		return error;
	if (cl_grow((void **)&ses->inputs, &ses->input_cap, ses->input_count + 1, sizeof(*ses->inputs)) < 0)
		return oom(w);
	in = &ses->inputs[ses->input_count];
	in->path = cl_strdup(sp_buf_cstr(&w->tmp));
	in->file = ses->files.count - 1;
	in->line = line;
	ses->input_count++;
	return in->path ? 0 : oom(w);
}

static int add_reference(walk *w, const char *prepared, const char *prefix, uint64_t line)
{
	reference *r;
	if (cl_grow((void **)&w->refs, &w->ref_cap, w->ref_count + 1, sizeof(*w->refs)) < 0)
		return oom(w);
	r = &w->refs[w->ref_count++];
	r->path = cl_strdup(prepared);
	r->prefix = cl_strdup(prefix);
	r->line = line;
	return r->path && r->prefix ? 0 : oom(w);
}

static int declare(walk *w, const char *cls, const char *node, const char *attr, const char *value,
                   sp_ref_kind kind, uint64_t line)
{
	sp_buf prepared = SP_BUF_INIT;
	sp_fileref ref = SP_FILEREF_INIT;
	int error = cl_path_prepare(&prepared, value, w->pdir);
	(void)cls;
	if (error < 0)
		return oom(w);
	ref.path = sp_buf_cstr(&prepared);
	ref.kind = kind;
	ref.flags = kind == SP_REF_SCENE ? 0 : SP_REF_FRAMES | SP_REF_TILES;
	ref.node = node;
	ref.attr = attr;
	ref.source = w->file;
	ref.line = line;
	ref.base = w->dir;
	error = sp_scene_add_file(w->ses->scene, &ref);
	if (error == 0)
		error = add_input(w, ref.path, line);
	if (error == 0 && kind == SP_REF_SCENE) {
		frame *c = nearest(w, F_CONTEXT);
		error = add_reference(w, ref.path, c ? c->path : w->prefix, line);
	}
	sp_buf_dispose(&prepared);
	return error;
}

static int check_files(walk *w, const char *attr, const cl_value *vals, size_t n, uint64_t line)
{
	frame *item = nearest(w, F_ITEM), *ctx = nearest(w, F_CONTEXT);
	const char *cls = item ? name_at(w, item->cls) : ctx ? "Context" : NULL;
	const char *node = item ? (item->path ? item->path : cls) : context_path(w);
	cl_file_rule rule;
	int error = 0;
	cl_file_rule_for(&rule, cls, attr);
	for (size_t i = 0; i < n && error == 0 && rule.mode != CL_FILES_NONE; i++) {
		sp_ref_kind kind;
		if (cl_file_rule_match(&rule, vals[i].text, vals[i].len, &kind))
			error = declare(w, cls, node, attr, vals[i].text, kind, line);
	}
	return error;
}

/*
 * Bare values are kept for Image and layer items (frames, flags, format)
 * and for the file attributes of their class; elsewhere only a quoted
 * string can be a path, so point and key lists are not even tokenised.
 */
static int wants_values(walk *w, const char *name)
{
	frame *f = top(w), *item = nearest(w, F_ITEM);
	cl_file_rule rule;
	if (!f || !item || record(w, item))
		return 1;
	cl_file_rule_for(&rule, name_at(w, item->cls),
	                 f->kind == F_ATTR && is_value_attr(name) ? name_at(w, f->attr) : name);
	return rule.mode == CL_FILES_ALL;
}

/* The reader keeps the answer until a block opens or closes: asked once per name and block. */
static int on_want(void *payload, const char *name, uint64_t line)
{
	(void)line;
	return wants_values(payload, name);
}

static int on_attr(void *payload, const char *name, const cl_value *vals, size_t n, uint64_t line)
{
	walk *w = payload;
	frame *f = top(w);
	const char *attr = name;
	int error = check_header(w, "an attribute", line), of_block;
	if (error < 0 || !f)
		return error;
	if (f->kind == F_ITEM && n > 0 && name[0] == 'n' && strcmp(name, "name") == 0)
		return set_name(w, f, vals[0].text);
	/* "value..." lines of an attribute block are that attribute's */
	of_block = f->kind == F_ATTR && is_value_attr(name);
	if (of_block)
		attr = name_at(w, f->attr);
	if (f->kind == F_ITEM && record(w, f))
		error = keep_attr(w, record(w, f), name, vals, n);
	else if (of_block && name[5] == '\0' && w->depth > 1 && w->frames[w->depth - 2].kind == F_ITEM &&
	         record(w, &w->frames[w->depth - 2]))
		error = keep_attr(w, record(w, &w->frames[w->depth - 2]), attr, vals, n);
	if (error == 0 && n > 0)
		error = check_files(w, attr, vals, n, line);
	return error;
}

static int on_meta(void *payload, const char *name, const char *value, uint64_t line)
{
	walk *w = payload;
	frame *f = top(w);
	if (!w->header) {
		if (!cl_streq(name, "Isotropix_Serial_Version"))
			return check_header(w, "a '#' line", line);
		w->header = 1;
		return 0;
	}
	if (!f && w->main && cl_streq(name, "Isotropix_Clarisse_Version")) {
		cl_free(w->ses->header_version);
		return (w->ses->header_version = cl_strdup(value)) ? 0 : oom(w);
	}
	if (f && f->kind == F_CONTEXT) {
		/* a context's own '#' lines may carry the file it references */
		cl_value v = {value, strlen(value), 1};
		return check_files(w, name, &v, 1, line);
	}
	return 0;
}

/* Referenced projects, read after the file so that its own items come first. */
static int follow_one(walk *w, const reference *ref, const char *real, unsigned depth)
{
	cl_session *ses = w->ses;
	int error;
	if (cl_strvec_has(&ses->stack, real))
		return sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_CYCLE,
		                        "%s:%llu: reference cycle: %s is already being read", w->file,
		                        (unsigned long long)ref->line, real);
	if (depth + 1 > CL_MAX_REFERENCE_DEPTH)
		return sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_CYCLE,
		                        "%s:%llu: references nested deeper than %u: %s not read", w->file,
		                        (unsigned long long)ref->line, CL_MAX_REFERENCE_DEPTH, real);
	error = cl_read_project(ses, real, ref->prefix, depth + 1);
	if (error == 0 || error == SP_ENOMEM)
		return error;
	/* a broken referenced project costs its own content, not the analysis */
	error = sp_scene_add_tip(ses->scene, SP_TIP_REFERENCE_NOT_READ, "%s:%llu: %s", w->file,
	                         (unsigned long long)ref->line, sp_ctx_last_error(ses->ctx));
	sp_ctx_clear_error(ses->ctx);
	return error;
}

static int follow_references(walk *w, unsigned depth)
{
	sp_buf path = SP_BUF_INIT;
	int error = 0;
	for (size_t i = 0; i < w->ref_count && error == 0; i++) {
		char *real;
		error = cl_path_resolve(&path, w->ses->ctx, w->refs[i].path, w->dir);
		if (error < 0)
			break;
		real = cl_realpath(sp_buf_cstr(&path));
		if (real) /* a missing one is the core's to report (tip 25009) */
			error = follow_one(w, &w->refs[i], real, depth);
		cl_free(real);
	}
	sp_buf_dispose(&path);
	return error;
}

static void walk_dispose(walk *w)
{
	for (size_t i = 0; i < w->depth; i++)
		cl_free(w->frames[i].path);
	cl_free(w->frames);
	cl_free(w->names);
	for (size_t i = 0; i < w->ref_count; i++) {
		cl_free(w->refs[i].path);
		cl_free(w->refs[i].prefix);
	}
	cl_free(w->refs);
	cl_free(w->dir);
	cl_free(w->pdir);
	sp_buf_dispose(&w->tmp);
}

static int walk_init(walk *w, cl_session *ses, const char *path, const char *prefix, unsigned depth)
{
	sp_buf dir = SP_BUF_INIT;
	char *real;
	memset(w, 0, sizeof(*w));
	w->ses = ses;
	w->file = path;
	w->prefix = prefix;
	w->main = depth == 0;
	if (sp_path_dirname(&dir, path) < 0)
		return oom(w);
	w->dir = cl_strdup(sp_buf_cstr(&dir));
	sp_buf_dispose(&dir);
	/* $PDIR is the folder Clarisse finds the project in, links resolved */
	real = w->dir ? cl_realpath(w->dir) : NULL;
	w->pdir = cl_strdup(real ? real : w->dir ? w->dir : "");
	cl_free(real);
	return w->dir && w->pdir ? 0 : oom(w);
}

int cl_read_project(cl_session *ses, const char *path, const char *prefix, unsigned depth)
{
	walk w;
	cl_events ev = {NULL, on_open, on_close, on_attr, on_meta, on_want};
	char *real = cl_realpath(path);
	int error = walk_init(&w, ses, path, prefix, depth);
	ev.payload = &w;
	if (error == 0)
		error = cl_strvec_push(&ses->stack, real ? real : path) < 0 ? oom(&w) : 0;
	if (error == 0)
		error = cl_strvec_push(&ses->files, path) < 0 ? oom(&w) : 0;
	cl_free(real);
	if (error < 0) {
		walk_dispose(&w);
		return error;
	}
	error = cl_parse_file(ses->ctx, path, &ev);
	if (error == 0 && !w.header)
		error =
		    sp_ctx_error(ses->ctx, SP_EUNSUPPORTED,
		                 "%s: no '#Isotropix_Serial_Version' header: not a Clarisse project", path);
	if (error == 0)
		error = follow_references(&w, depth);
	cl_free(ses->stack.items[--ses->stack.count]);
	walk_dispose(&w);
	return error;
}
