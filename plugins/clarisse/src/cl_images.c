/*
 * Image items and their layers into the core's units, in the farm's
 * Clarisse shape: the image (renderable "0": the farm renders layers, not
 * images) with output, format, LUT, save_to_disk; each layer with output,
 * format, save_to_disk and its deep output.
 */
#include "cl_walk.h"

#include <math.h>
#include <stdio.h>

/*
 * The "format" enum of Image and layer outputs, in the order of the
 * Output > Format menu (Clarisse 3 to 5), as the farm spells the formats.
 * Files may also hold the name itself; that is kept (lower-cased).
 */
static const char *const formats[] = {"exr16", "exr32", "tif8", "tif16", "tif32", "jpg",   "png8",
                                      "png16", "bmp",   "tga",  "hdr",   "psd8",  "psd16", "psd32"};

/* Clarisse's defaults for attributes a file leaves out. */
#define DEFAULT_FIRST_FRAME 1
#define DEFAULT_LAST_FRAME  1
#define DEFAULT_LUT         "linear"

const char *cl_item_get(const cl_item *item, const char *key)
{
	for (size_t i = item->keys.count; i > 0; i--)
		if (strcmp(item->keys.items[i - 1], key) == 0)
			return item->values.items[i - 1];
	return NULL;
}

static const char *item_get_any(const cl_item *item, const char *const *keys)
{
	const char *v;
	for (size_t i = 0; keys[i]; i++) {
		v = cl_item_get(item, keys[i]);
		if (v)
			return v;
	}
	return NULL;
}

static int64_t frame_attr(const cl_item *item, const char *key, int64_t dflt)
{
	double d;
	const char *v = cl_item_get(item, key);
	if (!v || cl_parse_double(v, &d) < 0 || d != d || d > 1e15 || d < -1e15)
		return dflt;
	return (int64_t)floor(d + 0.5);
}

typedef struct {
	int64_t first, last, step;
} range;

static range item_range(const cl_item *item)
{
	range r;
	r.first = frame_attr(item, "first_frame", DEFAULT_FIRST_FRAME);
	r.last = frame_attr(item, "last_frame", DEFAULT_LAST_FRAME);
	r.step = frame_attr(item, "frame_step", 1);
	if (r.step < 1)
		r.step = 1;
	if (r.last < r.first)
		r.last = r.first;
	return r;
}

static int set_frames(sp_unit *unit, sp_ctx *ctx, range r)
{
	sp_frames *frames = NULL;
	int error = sp_frames_new(&frames, ctx);
	if (error == 0)
		error = sp_frames_add(frames, r.first, r.last, r.step);
	if (error == 0)
		error = sp_unit_set_frames(unit, frames);
	sp_frames_free(frames);
	return error;
}

static int format_name(sp_buf *out, const char *value)
{
	double d;
	sp_buf_clear(out);
	if (!value)
		value = "0";
	if (cl_parse_double(value, &d) == 0) {
		if (d >= 0 && d < (double)(sizeof(formats) / sizeof(*formats)) && d == floor(d))
			return sp_buf_puts(out, formats[(size_t)d]);
		return sp_buf_puts(out, value);
	}
	for (const char *p = value; *p; p++)
		if (sp_buf_putc(out, (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p)) < 0)
			return SP_ENOMEM;
	return 0;
}

static int set_output_props(sp_unit *unit, const cl_item *item, sp_buf *tmp, int image)
{
	const char *save_as = cl_item_get(item, "save_as");
	int to_disk = cl_parse_bool(cl_item_get(item, "render_to_disk"), 0);
	int error = sp_unit_set(unit, "output", save_as ? save_as : "");
	if (error == 0)
		error = format_name(tmp, cl_item_get(item, "format"));
	if (error == 0)
		error = sp_unit_set(unit, "format", sp_buf_cstr(tmp));
	if (error == 0 && image) {
		/* scripts read it as "LUT" (ddesmond/OpenPype's collector); older notes say "lut" */
		static const char *const lut_keys[] = {"LUT", "lut", NULL};
		const char *lut = item_get_any(item, lut_keys);
		error = sp_unit_set(unit, "LUT", lut ? lut : DEFAULT_LUT);
	}
	if (error == 0)
		error = sp_unit_set(unit, "save_to_disk", to_disk ? "1" : "0");
	return error;
}

static int set_deep_props(sp_unit *unit, const cl_item *item)
{
	static const char *const flag_keys[] = {"enable_deep_output", "save_deep_data", "deep_output", NULL};
	static const char *const path_keys[] = {
	    "save_deep_data_as", "deep_output_path",        "save_deep_as",
	    "deep_save_as",      "enable_deep_output_path", NULL};
	const char *path = item_get_any(item, path_keys);
	int error = sp_unit_set(unit, "enable_deep_output",
	                        cl_parse_bool(item_get_any(item, flag_keys), 0) ? "1" : "0");
	if (error == 0)
		error = sp_unit_set(unit, "enable_deep_output_path", path ? path : "");
	return error;
}

/* The item a layer reference names: ".name" is embedded in the image, "a/b" is context-relative. */
static cl_item *find_layer(cl_session *ses, const cl_item *image, const char *ref, sp_buf *tmp)
{
	size_t at;
	int error;
	sp_buf_clear(tmp);
	if (ref[0] == '.')
		error = sp_buf_printf(tmp, "%s%s", image->name, ref);
	else if (strstr(ref, "://"))
		error = sp_buf_puts(tmp, ref);
	else
		error = sp_buf_printf(tmp, "%s/%s", image->context, ref);
	if (error < 0)
		return NULL;
	return sp_index_get(ses->layer_names, sp_buf_cstr(tmp), &at) ? &ses->layers[at] : NULL;
}

static int add_camera(sp_unit *unit, const cl_item *layer, sp_buf *tmp)
{
	const char *cam = cl_item_get(layer, "active_camera");
	int error;
	if (!cam || !*cam)
		return 0;
	sp_buf_clear(tmp);
	error = strstr(cam, "://") ? sp_buf_puts(tmp, cam) : sp_buf_printf(tmp, "%s/%s", layer->context, cam);
	return error < 0 ? error : sp_unit_add_camera(unit, sp_buf_cstr(tmp), 1);
}

static int check_layer_frames(cl_session *ses, const cl_item *image, range ir, const cl_item *layer, range lr)
{
	if (lr.first >= ir.first && lr.last <= ir.last)
		return 0;
	return sp_scene_add_tip(ses->scene, CL_TIP_LAYER_FRAMES,
	                        "%s: layer frames %lld-%lld are outside its image %s frames %lld-%lld",
	                        layer->name, (long long)lr.first, (long long)lr.last, image->name,
	                        (long long)ir.first, (long long)ir.last);
}

static int feed_layer(cl_session *ses, sp_unit *img_unit, const cl_item *image, range ir,
                      const cl_item *layer, sp_buf *tmp, int *to_disk)
{
	sp_unit *unit = NULL;
	range lr = item_range(layer);
	int error;
	/* a layer that writes no range of its own renders its image's frames */
	if (!cl_item_get(layer, "first_frame") && !cl_item_get(layer, "last_frame"))
		lr = ir;
	error = sp_unit_add_child(&unit, img_unit, SP_UNIT_IMAGE_LAYER, layer->name);
	if (error == 0)
		error = set_frames(unit, ses->ctx, lr);
	if (error == 0) {
		sp_unit_set_renderable(unit, cl_parse_bool(cl_item_get(layer, "visible"), 1));
		error = set_output_props(unit, layer, tmp, 0);
	}
	if (error == 0)
		error = set_deep_props(unit, layer);
	if (error == 0)
		error = add_camera(unit, layer, tmp);
	if (error == 0)
		error = check_layer_frames(ses, image, ir, layer, lr);
	if (error == 0 && cl_parse_bool(cl_item_get(layer, "render_to_disk"), 0))
		*to_disk = 1;
	return error;
}

static int feed_layers(cl_session *ses, sp_unit *unit, const cl_item *image, range ir, sp_buf *tmp,
                       int *to_disk)
{
	int error = 0;
	if (image->layers.count == 0) {
		/* no "layers" list: the layers embedded in the image, in file order */
		for (size_t i = 0; i < ses->layer_count && error == 0; i++) {
			const cl_item *l = &ses->layers[i];
			if (l->embedded && l->name && image->name && cl_starts_with(l->name, image->name) &&
			    l->name[strlen(image->name)] == '.')
				error = feed_layer(ses, unit, image, ir, l, tmp, to_disk);
		}
		return error;
	}
	for (size_t i = 0; i < image->layers.count && error == 0; i++) {
		const cl_item *l = find_layer(ses, image, image->layers.items[i], tmp);
		if (l)
			error = feed_layer(ses, unit, image, ir, l, tmp, to_disk);
	}
	return error;
}

/* An output that is empty or only a folder: Clarisse has no file name to write. */
static int bad_output(const char *save_as)
{
	size_t n = save_as ? strlen(save_as) : 0;
	return n == 0 || save_as[n - 1] == '/' || save_as[n - 1] == '\\';
}

static int check_output(cl_session *ses, const cl_item *item)
{
	const char *save_as = cl_item_get(item, "save_as");
	if (!cl_parse_bool(cl_item_get(item, "render_to_disk"), 0) || !bad_output(save_as))
		return 0;
	return sp_scene_add_tip(ses->scene, CL_TIP_BAD_OUTPUT,
	                        "%s: render_to_disk is on but save_as is %s%s%s", item->name,
	                        save_as && *save_as ? "the folder \"" : "empty",
	                        save_as && *save_as ? save_as : "", save_as && *save_as ? "\"" : "");
}

static int feed_image(cl_session *ses, const cl_item *image, sp_buf *tmp, int *to_disk)
{
	sp_unit *unit = NULL;
	range ir = item_range(image);
	int error = sp_scene_add_unit(&unit, ses->scene, SP_UNIT_IMAGE, image->name);
	if (error == 0)
		error = set_frames(unit, ses->ctx, ir);
	if (error == 0) {
		sp_unit_set_renderable(unit, 0);
		error = set_output_props(unit, image, tmp, 1);
	}
	if (error == 0)
		error = check_output(ses, image);
	if (error == 0 && cl_parse_bool(cl_item_get(image, "render_to_disk"), 0))
		*to_disk = 1;
	if (error == 0)
		error = feed_layers(ses, unit, image, ir, tmp, to_disk);
	return error;
}

/* The output prefix as a path: $PDIR and variables expanded, against the folder of the project that holds it.
 */
static int output_path(sp_buf *out, sp_ctx *ctx, const cl_item *item, const char *save_as)
{
	sp_buf dir = SP_BUF_INIT, prepared = SP_BUF_INIT;
	char *real = NULL;
	int error = sp_path_dirname(&dir, item->source);
	if (error == 0) {
		real = cl_realpath(sp_buf_cstr(&dir));
		error = cl_path_prepare(&prepared, save_as, real ? real : sp_buf_cstr(&dir));
	}
	if (error == 0)
		error = cl_path_resolve(out, ctx, sp_buf_cstr(&prepared), sp_buf_cstr(&dir));
	cl_free(real);
	sp_buf_dispose(&dir);
	sp_buf_dispose(&prepared);
	return error;
}

static int cmp_input(const void *a, const void *b)
{
	return strcmp((*(const cl_input *const *)a)->path, (*(const cl_input *const *)b)->path);
}

/* First of the sorted inputs not below `key`. */
static size_t lower_bound(const cl_input *const *sorted, size_t count, const char *key)
{
	size_t lo = 0, hi = count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(sorted[mid]->path, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int writes_to_disk(const cl_item *item)
{
	return cl_parse_bool(cl_item_get(item, "render_to_disk"), 0) &&
	       !bad_output(cl_item_get(item, "save_as"));
}

static int overlap_tip(cl_session *ses, const cl_item *item, const cl_input *in)
{
	return sp_scene_add_tip(
	    ses->scene, CL_TIP_OUTPUT_OVERLAP, "%s: output %s overlaps the input %s (%s:%llu)", item->name,
	    cl_item_get(item, "save_as"), in->path, ses->files.items[in->file], (unsigned long long)in->line);
}

static int overlaps(const cl_input *in, const char *out, size_t n)
{
	return strncmp(in->path, out, n) == 0 &&
	       (in->path[n] == '\0' || in->path[n] == '.' || in->path[n] == '_');
}

/*
 * An output prefix that an input also starts with: the render would
 * overwrite what it reads.  With `sorted` (many outputs), each output costs
 * a binary search; without, a pass over the inputs in file order.
 */
static int check_overlaps(cl_session *ses, const cl_input *const *sorted, const cl_item *item, sp_buf *tmp)
{
	size_t n;
	int error;
	if (!writes_to_disk(item))
		return 0;
	error = output_path(tmp, ses->ctx, item, cl_item_get(item, "save_as"));
	if (error < 0)
		return error;
	n = tmp->size;
	if (!sorted) {
		for (size_t i = 0; i < ses->input_count; i++)
			if (overlaps(&ses->inputs[i], sp_buf_cstr(tmp), n))
				return overlap_tip(ses, item, &ses->inputs[i]);
		return 0;
	}
	for (size_t i = lower_bound(sorted, ses->input_count, sp_buf_cstr(tmp)); i < ses->input_count; i++) {
		if (strncmp(sorted[i]->path, sp_buf_cstr(tmp), n) != 0)
			break;
		if (overlaps(sorted[i], sp_buf_cstr(tmp), n))
			return overlap_tip(ses, item, sorted[i]);
	}
	return 0;
}

/* Past this many outputs, sorting the inputs once is cheaper than a pass per output. */
#define LINEAR_OUTPUTS 16

static int check_all_overlaps(cl_session *ses, sp_buf *tmp)
{
	const cl_input **sorted = NULL;
	size_t outputs = 0;
	int error = 0;
	for (size_t i = 0; i < ses->image_count; i++)
		outputs += (size_t)writes_to_disk(&ses->images[i]);
	for (size_t i = 0; i < ses->layer_count; i++)
		outputs += (size_t)writes_to_disk(&ses->layers[i]);
	if (ses->input_count == 0 || outputs == 0)
		return 0;
	if (outputs <= LINEAR_OUTPUTS) {
		for (size_t i = 0; i < ses->image_count && error == 0; i++)
			error = check_overlaps(ses, NULL, &ses->images[i], tmp);
		for (size_t i = 0; i < ses->layer_count && error == 0; i++)
			error = check_overlaps(ses, NULL, &ses->layers[i], tmp);
		return error;
	}
	if (ses->input_count > SIZE_MAX / sizeof(*sorted) ||
	    !(sorted = cl_malloc(ses->input_count * sizeof(*sorted))))
		return SP_ENOMEM;
	for (size_t i = 0; i < ses->input_count; i++)
		sorted[i] = &ses->inputs[i];
	qsort(sorted, ses->input_count, sizeof(*sorted), cmp_input);
	for (size_t i = 0; i < ses->image_count && error == 0; i++)
		error = check_overlaps(ses, sorted, &ses->images[i], tmp);
	for (size_t i = 0; i < ses->layer_count && error == 0; i++)
		error = check_overlaps(ses, sorted, &ses->layers[i], tmp);
	cl_free(sorted);
	return error;
}

/* Layer names for find_layer; the first of a repeated name wins, as a scan in file order would. */
static int index_layers(cl_session *ses)
{
	int error = sp_index_new(&ses->layer_names);
	for (size_t i = 0; i < ses->layer_count && error == 0; i++) {
		size_t seen;
		if (ses->layers[i].name && !sp_index_get(ses->layer_names, ses->layers[i].name, &seen))
			error = sp_index_set(ses->layer_names, ses->layers[i].name, i);
	}
	return error;
}

/* 1 when an earlier Image had this name (names go into `seen` as they come). */
static int is_duplicate(sp_index *seen, const cl_item *image, size_t i, int *error)
{
	size_t first;
	if (sp_index_get(seen, image->name, &first))
		return 1;
	*error = sp_index_set(seen, image->name, i);
	return 0;
}

int cl_feed_images(cl_session *ses)
{
	sp_buf tmp = SP_BUF_INIT;
	sp_index *image_names = NULL;
	int to_disk = 0, error = index_layers(ses);
	if (error == 0)
		error = sp_index_new(&image_names);
	for (size_t i = 0; i < ses->image_count && error == 0; i++) {
		if (!ses->images[i].name)
			continue;
		if (is_duplicate(image_names, &ses->images[i], i, &error)) {
			/* Clarisse keeps names unique in a context; a hand-edited file may not */
			sp_ctx_log(ses->ctx, SP_LOG_WARN, "%s:%llu: a second Image named %s is ignored",
			           ses->images[i].source, (unsigned long long)ses->images[i].line,
			           ses->images[i].name);
			continue;
		}
		if (error == 0)
			error = feed_image(ses, &ses->images[i], &tmp, &to_disk);
	}
	sp_index_free(image_names);
	for (size_t i = 0; i < ses->layer_count && error == 0; i++)
		error = check_output(ses, &ses->layers[i]);
	if (error == 0)
		error = check_all_overlaps(ses, &tmp);
	if (error == 0 && !to_disk)
		error = sp_scene_add_tip(ses->scene, SP_TIP_NO_RENDERABLE_UNIT,
		                         ses->image_count
		                             ? "no image or layer has render_to_disk on: nothing is saved"
		                             : "the project has no Image item: nothing is rendered");
	sp_buf_dispose(&tmp);
	return error;
}

static void item_dispose(cl_item *it)
{
	cl_free(it->cls);
	cl_free(it->name);
	cl_free(it->context);
	cl_free(it->source);
	cl_strvec_dispose(&it->keys);
	cl_strvec_dispose(&it->values);
	cl_strvec_dispose(&it->layers);
}

void cl_session_dispose(cl_session *ses)
{
	for (size_t i = 0; i < ses->image_count; i++)
		item_dispose(&ses->images[i]);
	for (size_t i = 0; i < ses->layer_count; i++)
		item_dispose(&ses->layers[i]);
	for (size_t i = 0; i < ses->input_count; i++)
		cl_free(ses->inputs[i].path);
	cl_free(ses->images);
	cl_free(ses->layers);
	cl_free(ses->inputs);
	cl_strvec_dispose(&ses->stack);
	cl_strvec_dispose(&ses->files);
	cl_strvec_dispose(&ses->renderer_classes);
	cl_free(ses->header_version);
	sp_index_free(ses->layer_names);
}
