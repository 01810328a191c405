/*
 * The four files byte for byte against golden copies.  The scene lives in a
 * temporary folder, so its path is replaced by @TMP@ before comparing.
 * Houdini and Clarisse shapes are built through the same feed API.
 */
#include "json.h"
#include "support.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <sceneprobe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmp;
static sp_ctx *ctx;
static sp_scene *scene;

TST_WORLD_SUITE(writers, ctx, tmp, scene);

static char *replace_all(const char *text, const char *from, const char *to)
{
	size_t lf = strlen(from), lt = strlen(to), n = 0;
	for (const char *p = strstr(text, from); p; p = strstr(p + lf, from))
		n++;
	char *out = malloc(strlen(text) + n * lt + 1), *o = out;
	for (const char *p = text, *q; (q = strstr(p, from)); p = q + lf) {
		memcpy(o, p, (size_t)(q - p));
		o += q - p;
		memcpy(o, to, lt);
		o += lt;
		text = q + lf;
	}
	strcpy(o, text);
	return out;
}

static void check_golden(int (*writer)(sp_buf *, const sp_scene *), const char *golden)
{
	sp_buf b = SP_BUF_INIT;
	cr_assert_eq(writer(&b, scene), 0, "%s", sp_ctx_last_error(ctx));
	char *got = replace_all(sp_buf_cstr(&b), tmp, "@TMP@");
	char *path = tst_join(SP_SOURCE_DIR "/tests/core/golden", golden);
	char *want = tst_read(path, NULL);
	if (getenv("SP_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		fputs(got, f);
		fclose(f);
	} else {
		cr_assert_not_null(want, "golden file %s is missing", path);
		cr_assert_str_eq(got, want, "%s differs:\n%s", golden, got);
	}
	free(want);
	free(path);
	free(got);
	sp_buf_dispose(&b);
}

static sp_frames *frames(const char *text)
{
	sp_frames *f = NULL;
	cr_assert_eq(sp_frames_parse(&f, ctx, text), 0);
	return f;
}

static void maya_scene(void)
{
	sp_unit *u = NULL;
	sp_fileref ref = SP_FILEREF_INIT;
	sp_frames *f = frames("1-10");
	tst_write(tmp, "shot.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	tst_write(tmp, "tex/b.png", "bb", (size_t)-1);
	tst_write(tmp, "tex/a.1001.exr", "a1", (size_t)-1);
	tst_write(tmp, "tex/a.1002.exr", "a22", (size_t)-1);
	tst_write(tmp, "tex/caf\xc3\xa9.png", "c", (size_t)-1);
	char *path = tst_join(tmp, "shot.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	free(path);
	cr_assert_eq(sp_scene_set_version(scene, "2023"), 0);
	cr_assert_eq(sp_scene_add_plugin(scene, "mtoa", "5.2.1", 0), 0);
	cr_assert_eq(sp_scene_add_plugin(scene, "stereoCamera", "10.0", 0), 0);
	cr_assert_eq(sp_scene_add_plugin(scene, "mtoa", "9.9", 0), 0); /* first version kept */
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "defaultRenderLayer"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_WIDTH, "1920"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_HEIGHT, "1080"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_IMAGE_FORMAT, "exr"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_OUTPUT, "<RenderLayer>/<Scene>"), 0);
	cr_assert_eq(sp_unit_add_camera(u, "perspShape", 0), 0);
	cr_assert_eq(sp_unit_add_camera(u, "shotCamShape", 1), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "beauty"), 0);
	sp_unit_set_renderable(u, 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	ref.kind = SP_REF_TEXTURE;
	ref.node = "file1";
	ref.attr = "fileTextureName";
	ref.line = 42;
	ref.path = "tex/b.png";
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = "tex/a.<UDIM>.exr";
	ref.flags = SP_REF_TILES;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = "tex/caf\xc3\xa9.png";
	ref.flags = 0;
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	ref.path = "tex/gone.png";
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, maya_task_json_matches_golden)
{
	maya_scene();
	check_golden(sp_write_task_json, "maya_task.json");
}
Test(writers, maya_upload_json_matches_golden)
{
	maya_scene();
	check_golden(sp_write_upload_json, "maya_upload.json");
}
Test(writers, maya_asset_json_matches_golden)
{
	maya_scene();
	check_golden(sp_write_asset_json, "maya_asset.json");
}
Test(writers, maya_tips_json_matches_golden)
{
	maya_scene();
	check_golden(sp_write_tips_json, "maya_tips.json");
}

static void houdini_scene(void)
{
	sp_unit *u = NULL;
	sp_frames *f = frames("1-240");
	tst_write(tmp, "shot.hip", "070707", (size_t)-1);
	char *path = tst_join(tmp, "shot.hip");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_HOUDINI, path), 0);
	free(path);
	cr_assert_eq(sp_scene_set_version(scene, "19.5.368"), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_ROP, "/out/mantra1"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_WIDTH, "1920"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_HEIGHT, "1080"), 0);
	cr_assert_eq(sp_unit_set(u, "camera", "/obj/cam1"), 0);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_GEO, "/out/geometry1"), 0);
	cr_assert_eq(sp_unit_set_frames(u, f), 0);
	sp_unit_set_renderable(u, 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, houdini_task_json_matches_golden)
{
	houdini_scene();
	check_golden(sp_write_task_json, "houdini_task.json");
}

static void clarisse_scene(void)
{
	sp_unit *img = NULL, *layer = NULL;
	sp_frames *f = frames("0-50");
	tst_write(tmp, "shot.project", "#Isotropix_Serial_Version 1.2\n", (size_t)-1);
	char *path = tst_join(tmp, "shot.project");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_CLARISSE, path), 0);
	free(path);
	cr_assert_eq(sp_scene_add_unit(&img, scene, SP_UNIT_IMAGE, "project://scene/cam02"), 0);
	cr_assert_eq(sp_unit_set_frames(img, f), 0);
	sp_unit_set_renderable(img, 0);
	cr_assert_eq(sp_unit_set(img, "output", "D:/temp/cam02"), 0);
	cr_assert_eq(sp_unit_set(img, "format", "exr16"), 0);
	cr_assert_eq(
	    sp_unit_add_child(&layer, img, SP_UNIT_IMAGE_LAYER, "project://scene/cam02.cam02_layer02"), 0);
	cr_assert_eq(sp_unit_set_frames(layer, f), 0);
	cr_assert_eq(sp_unit_set(layer, "output", "D:/temp/cam02_layer02"), 0);
	sp_frames_free(f);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, clarisse_task_json_matches_golden)
{
	clarisse_scene();
	check_golden(sp_write_task_json, "clarisse_task.json");
}

Test(writers, two_analyses_are_byte_identical)
{
	sp_buf a = SP_BUF_INIT, b = SP_BUF_INIT;
	maya_scene();
	cr_assert_eq(sp_write_asset_json(&a, scene), 0);
	sp_scene_free(scene);
	scene = NULL;
	maya_scene();
	cr_assert_eq(sp_write_asset_json(&b, scene), 0);
	cr_assert_str_eq(a.ptr, b.ptr);
	sp_buf_dispose(&a);
	sp_buf_dispose(&b);
}

Test(writers, bytes_that_are_not_utf8_are_written_as_windows_1252)
{
	sp_unit *u = NULL;
	sp_buf out = SP_BUF_INIT;
	tst_write(tmp, "s.ma", "x", (size_t)-1);
	char *path = tst_join(tmp, "s.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	free(path);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "caf\xe9\x80"), 0);
	cr_assert_eq(sp_scene_analyze(scene), 0);
	cr_assert_eq(sp_write_task_json(&out, scene), 0);
	cr_assert(strstr(out.ptr, "\"caf\xc3\xa9\xe2\x82\xac\"") != NULL, "%s", out.ptr);
	sp_buf_dispose(&out);
}

/* ---- the streaming JSON writer (core/src/json.c) ------------------------------------ */

/* The text the writer makes for one string member, against cJSON_Print of the same document. */
static void check_string_as_cjson(const char *s, const char *expected_value)
{
	sp_buf out = SP_BUF_INIT;
	sp__jw jw;
	cJSON *doc = cJSON_CreateObject();
	sp__jw_init(&jw, &out);
	sp__jw_object(&jw, NULL);
	sp__jw_str(&jw, "k", s);
	sp__jw_end(&jw);
	cr_assert_eq(sp__jw_finish(&jw), 0);
	cr_assert_eq(sp__json_add_str(doc, "k", s), 0);
	char *want = cJSON_Print(doc);
	cr_assert_not_null(want);
	cr_assert_eq(out.size, strlen(want) + 1, "%s", out.ptr);
	cr_assert_eq(memcmp(out.ptr, want, strlen(want)), 0, "writer: %s\ncJSON: %s", out.ptr, want);
	if (expected_value) {
		char line[256];
		snprintf(line, sizeof(line), "{\n\t\"k\":\t\"%s\"\n}\n", expected_value);
		cr_assert_str_eq(out.ptr, line);
	}
	cJSON_free(want);
	cJSON_Delete(doc);
	sp_buf_dispose(&out);
}

Test(writers, json_writer_escapes_quotes_backslashes_and_control_bytes_as_cjson_does)
{
	check_string_as_cjson("say \"hi\" \\ there", "say \\\"hi\\\" \\\\ there");
	check_string_as_cjson("\b\f\n\r\t", "\\b\\f\\n\\r\\t");
	check_string_as_cjson("\x01\x1f", "\\u0001\\u001f");
	/* '/' and DEL stay as they are */
	check_string_as_cjson("a/b\x7f", "a/b\x7f");
	check_string_as_cjson("", "");
	check_string_as_cjson(NULL, "");
}

Test(writers, json_writer_keeps_valid_utf8_and_reads_other_bytes_as_windows_1252)
{
	/* 2-, 3- and 4-byte sequences kept */
	check_string_as_cjson("caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x8e\xac",
	                      "caf\xc3\xa9 \xe6\x97\xa5 \xf0\x9f\x8e\xac");
	/* lone Latin-1 byte, Windows-1252 euro, an unassigned 0x81 */
	check_string_as_cjson("caf\xe9 \x80 \x81", "caf\xc3\xa9 \xe2\x82\xac \xef\xbf\xbd");
	/* a truncated sequence at the end, an overlong '/', a UTF-16 surrogate, past U+10FFFF */
	check_string_as_cjson("\xc3", "\xc3\x83");
	check_string_as_cjson("\xc0\xaf", "\xc3\x80\xc2\xaf");
	check_string_as_cjson("\xed\xa0\x80", "\xc3\xad\xc2\xa0\xe2\x82\xac");
	check_string_as_cjson("\xf4\x90\x80\x80", "\xc3\xb4\xef\xbf\xbd\xe2\x82\xac\xe2\x82\xac");
	/* keys are made valid too */
	{
		sp_buf out = SP_BUF_INIT;
		sp__jw jw;
		sp__jw_init(&jw, &out);
		sp__jw_object(&jw, NULL);
		sp__jw_str(&jw, "n\xe9\"", "v");
		sp__jw_end(&jw);
		cr_assert_eq(sp__jw_finish(&jw), 0);
		cr_assert_str_eq(out.ptr, "{\n\t\"n\xc3\xa9\\\"\":\t\"v\"\n}\n");
		sp_buf_dispose(&out);
	}
}

Test(writers, json_writer_prints_numbers_as_cjson_does)
{
	static const double values[] = {0,
	                                -0.0,
	                                1,
	                                -1,
	                                42,
	                                0.1,
	                                1.0 / 3,
	                                1e15,
	                                123456789012345678.0,
	                                1e300,
	                                -2.5e-300,
	                                1.7976931348623157e308,
	                                4.9e-324,
	                                1099511627776.0,
	                                999999999999999.0,
	                                -999999999999999.0,
	                                -1e15,
	                                -123456789.0,
	                                18446744073709551615.0};
	sp_buf out = SP_BUF_INIT;
	sp__jw jw;
	cJSON *doc = cJSON_CreateArray();
	sp__jw_init(&jw, &out);
	sp__jw_array(&jw, NULL);
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		sp__jw_num(&jw, NULL, values[i]);
		cJSON_AddItemToArray(doc, cJSON_CreateNumber(values[i]));
	}
	sp__jw_end(&jw);
	cr_assert_eq(sp__jw_finish(&jw), 0);
	char *want = cJSON_Print(doc);
	cr_assert_eq(strncmp(out.ptr, want, strlen(want)), 0, "writer: %s\ncJSON: %s", out.ptr, want);
	cr_assert_str_eq(out.ptr + strlen(want), "\n");
	/* integers of up to 15 digits come out plain; 17 digits when 15 do not read back */
	cr_assert_not_null(strstr(out.ptr, "[0, -0, 1, -1, 42, 0.1, 0.33333333333333331, 1e+15, "), "%s",
	                   out.ptr);
	cr_assert_not_null(strstr(out.ptr, ", 1099511627776, "), "%s", out.ptr);
	cJSON_free(want);
	cJSON_Delete(doc);
	sp_buf_dispose(&out);
	/* not numbers in JSON */
	sp__jw_init(&jw, &out);
	sp__jw_array(&jw, NULL);
	sp__jw_num(&jw, NULL, 0.0 / 0.0);
	sp__jw_num(&jw, NULL, 1.0 / 0.0);
	sp__jw_bool(&jw, NULL, 1);
	sp__jw_bool(&jw, NULL, 0);
	sp__jw_end(&jw);
	cr_assert_eq(sp__jw_finish(&jw), 0);
	cr_assert_str_eq(out.ptr, "[null, null, true, false]\n");
	sp_buf_dispose(&out);
}

/* ---- random documents: the writer against cJSON_Print, byte for byte ---------------- */

static uint32_t rnd_next(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

/* A string of plain bytes mostly, sometimes quotes, backslashes, controls, UTF-8 or stray high bytes. */
static void rnd_string(uint32_t *st, char *out, size_t cap)
{
	static const char *const pieces[] = {
	    "\"", "\\",   "\n",  "\t", "\x01", "caf\xc3\xa9", "\xe9", "\x80", "\xf0\x9f\x8e\xac",
	    "/",  "\x7f", "\xc3"};
	size_t n = 0, len = rnd_next(st) % 90;
	int odd = rnd_next(st) % 4 == 0;
	while (n < len && n + 8 < cap) {
		if (odd && rnd_next(st) % 6 == 0) {
			const char *p = pieces[rnd_next(st) % (sizeof(pieces) / sizeof(*pieces))];
			memcpy(out + n, p, strlen(p));
			n += strlen(p);
		} else {
			out[n++] = (char)('a' + rnd_next(st) % 26);
		}
	}
	out[n] = '\0';
}

/* One value under `key` (NULL in an array) into both the writer and `parent`, containers `depth` deep at
 * most. */
static void rnd_value(uint32_t *st, sp__jw *jw, cJSON *parent, const char *key, unsigned depth)
{
	char text[512];
	unsigned kind = rnd_next(st) % (depth ? 6 : 4);
	cJSON *item;
	if (kind == 0 || kind == 1) {
		rnd_string(st, text, sizeof(text));
		sp__jw_str(jw, key, text);
		item = sp__json_string(text);
	} else if (kind == 2) {
		double v = rnd_next(st) % 3 ? (double)(rnd_next(st) % 100000) : rnd_next(st) / 7.0;
		sp__jw_num(jw, key, v);
		item = cJSON_CreateNumber(v);
	} else if (kind == 3) {
		int b = rnd_next(st) % 2;
		sp__jw_bool(jw, key, b);
		item = cJSON_CreateBool(b);
	} else {
		size_t n = rnd_next(st) % 5;
		int object = kind == 4;
		item = object ? cJSON_CreateObject() : cJSON_CreateArray();
		if (object)
			sp__jw_object(jw, key);
		else
			sp__jw_array(jw, key);
		for (size_t i = 0; i < n; i++) {
			char name[64];
			rnd_string(st, name, sizeof(name));
			rnd_value(st, jw, item, object ? name : NULL, depth - 1);
		}
		sp__jw_end(jw);
	}
	cr_assert_not_null(item);
	if (key)
		cr_assert_eq(sp__json_add_item(parent, key, item), 0);
	else
		cr_assert(cJSON_AddItemToArray(parent, item));
}

Test(writers, json_writer_matches_cjson_on_random_documents)
{
	uint32_t st = 20261124;
	for (int doc_i = 0; doc_i < 3000; doc_i++) {
		sp_buf out = SP_BUF_INIT;
		sp__jw jw;
		cJSON *doc = cJSON_CreateObject();
		size_t members = rnd_next(&st) % 6;
		sp__jw_init(&jw, &out);
		sp__jw_object(&jw, NULL);
		for (size_t i = 0; i < members; i++) {
			char name[64];
			rnd_string(&st, name, sizeof(name));
			rnd_value(&st, &jw, doc, name, 4);
		}
		sp__jw_end(&jw);
		cr_assert_eq(sp__jw_finish(&jw), 0);
		char *want = cJSON_Print(doc);
		cr_assert_not_null(want);
		cr_assert_eq(out.size, strlen(want) + 1, "document %d\nwriter: %s\ncJSON: %s", doc_i, out.ptr,
		             want);
		cr_assert_eq(memcmp(out.ptr, want, strlen(want)), 0, "document %d\nwriter: %s\ncJSON: %s",
		             doc_i, out.ptr, want);
		cJSON_free(want);
		cJSON_Delete(doc);
		sp_buf_dispose(&out);
	}
}

/* `depth` nested arrays inside one object: the writer's answer. */
static int nest(sp_buf *out, unsigned depth)
{
	sp__jw jw;
	sp_buf_clear(out);
	sp__jw_init(&jw, out);
	sp__jw_object(&jw, NULL);
	for (unsigned i = 1; i < depth; i++)
		sp__jw_array(&jw, i == 1 ? "a" : NULL);
	for (unsigned i = 0; i < depth; i++)
		sp__jw_end(&jw);
	return sp__jw_finish(&jw);
}

Test(writers, json_writer_nests_up_to_the_cjson_limit_and_refuses_deeper)
{
	sp_buf out = SP_BUF_INIT;
	cr_assert_eq(nest(&out, SP__JW_MAX_DEPTH), 0);
	cJSON *back = cJSON_Parse(out.ptr);
	cr_assert_not_null(back, "the deepest document the writer makes reads back");
	cJSON_Delete(back);
	cr_assert_eq(nest(&out, SP__JW_MAX_DEPTH + 1), SP_ETOOBIG);
	cr_assert_eq(nest(&out, SP__JW_MAX_DEPTH + 50), SP_ETOOBIG);
	sp_buf_dispose(&out);
}

Test(writers, json_writer_reports_unbalanced_documents)
{
	sp_buf out = SP_BUF_INIT;
	sp__jw jw;
	sp__jw_init(&jw, &out);
	sp__jw_object(&jw, NULL);
	cr_assert_eq(sp__jw_finish(&jw), SP_EUSER, "an object left open");
	sp_buf_clear(&out);
	sp__jw_init(&jw, &out);
	sp__jw_array(&jw, NULL);
	sp__jw_end(&jw);
	sp__jw_end(&jw);
	cr_assert_eq(sp__jw_finish(&jw), SP_EUSER, "one end too many");
	sp_buf_dispose(&out);
}

typedef struct {
	sp_buf all;
	size_t calls, largest;
	size_t fail_at; /* the call (1-based) that fails, 0 never */
} sink_log;

static int log_sink(void *payload, const char *data, size_t len)
{
	sink_log *s = payload;
	s->calls++;
	if (len > s->largest)
		s->largest = len;
	if (s->fail_at && s->calls >= s->fail_at)
		return SP_EIO;
	return sp_buf_put(&s->all, data, len);
}

/* A document of `n` strings, to a buffer or (sink != NULL) in pieces. */
static int big_document(sp_buf *buf, sink_log *sink, size_t n)
{
	char value[64];
	sp__jw jw;
	if (sink)
		sp__jw_init_sink(&jw, buf, log_sink, sink);
	else
		sp__jw_init(&jw, buf);
	sp__jw_object(&jw, NULL);
	sp__jw_array(&jw, "asset");
	for (size_t i = 0; i < n; i++) {
		snprintf(value, sizeof(value), "/proj/tex/caf\xe9_%06zu.<UDIM>.exr", i);
		sp__jw_str(&jw, NULL, value);
	}
	sp__jw_end(&jw);
	sp__jw_num(&jw, "count", (double)n);
	sp__jw_end(&jw);
	return sp__jw_finish(&jw);
}

Test(writers, json_writer_passes_a_document_to_its_sink_in_bounded_pieces)
{
	sp_buf whole = SP_BUF_INIT, piece = SP_BUF_INIT;
	sink_log log = {SP_BUF_INIT, 0, 0, 0};
	cr_assert_eq(big_document(&whole, NULL, 20000), 0);
	cr_assert_gt(whole.size, 20 * SP__JW_PIECE, "a document many pieces long");
	cr_assert_eq(big_document(&piece, &log, 20000), 0);
	cr_assert_eq(log.all.size, whole.size);
	cr_assert_eq(memcmp(log.all.ptr, whole.ptr, whole.size), 0, "the same bytes either way");
	cr_assert_gt(log.calls, 20);
	cr_assert_lt(log.largest, SP__JW_PIECE + 256, "a piece of %zu bytes", log.largest);
	cr_assert_lt(piece.asize, 2 * SP__JW_PIECE + 256, "the buffer grew to %zu bytes", piece.asize);
	sp_buf_dispose(&whole);
	sp_buf_dispose(&piece);
	sp_buf_dispose(&log.all);
}

Test(writers, json_writer_stops_at_the_first_sink_error)
{
	sp_buf piece = SP_BUF_INIT;
	sink_log log = {SP_BUF_INIT, 0, 0, 3};
	cr_assert_eq(big_document(&piece, &log, 20000), SP_EIO);
	cr_assert_eq(log.calls, 3, "no piece after the failed one (%zu calls)", log.calls);
	sp_buf_dispose(&piece);
	sp_buf_dispose(&log.all);
}

/* A scene with `n` textures that exist, so asset.json and upload.json are many pieces long. */
static void many_textures_scene(size_t n)
{
	sp_unit *u = NULL;
	sp_fileref ref = SP_FILEREF_INIT;
	char name[64];
	tst_write(tmp, "big.ma", "//Maya ASCII 2023 scene\n", (size_t)-1);
	char *path = tst_join(tmp, "big.ma");
	cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, path), 0);
	free(path);
	cr_assert_eq(sp_scene_add_unit(&u, scene, SP_UNIT_LAYER, "defaultRenderLayer"), 0);
	cr_assert_eq(sp_unit_set(u, SP_PROP_RENDERER, "arnold"), 0);
	ref.kind = SP_REF_TEXTURE;
	ref.node = "file1";
	ref.attr = "fileTextureName";
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "textures/set_%03zu/caf\xc3\xa9_%05zu.png", i % 37, i);
		tst_write(tmp, name, "x", 1);
		ref.path = name;
		cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	}
	ref.path = "textures/gone.png";
	cr_assert_eq(sp_scene_add_file(scene, &ref), 0);
	cr_assert_eq(sp_scene_analyze(scene), 0, "%s", sp_ctx_last_error(ctx));
}

Test(writers, task_dir_files_streamed_to_disk_are_the_rendered_documents)
{
	typedef int (*writer_fn)(sp_buf *, const sp_scene *);
	static const writer_fn writers[4] = {sp_write_task_json, sp_write_upload_json, sp_write_asset_json,
	                                     sp_write_tips_json};
	static const char *const names[4] = {"task.json", "upload.json", "asset.json", "tips.json"};
	char *dir = tst_join(tmp, "task");
	many_textures_scene(2500);
	cr_assert_eq(sp_write_task_dir(scene, dir), 0, "%s", sp_ctx_last_error(ctx));
	for (size_t i = 0; i < 4; i++) {
		sp_buf want = SP_BUF_INIT;
		size_t len = 0;
		char *file = tst_join(dir, names[i]);
		char *got = tst_read(file, &len);
		cr_assert_eq(writers[i](&want, scene), 0, "%s", sp_ctx_last_error(ctx));
		cr_assert_not_null(got, "%s", names[i]);
		cr_assert_eq(len, want.size, "%s: %zu bytes on disk, %zu rendered", names[i], len, want.size);
		cr_assert_eq(memcmp(got, want.ptr, len), 0, "%s differs", names[i]);
		if (i == 1 || i == 2)
			cr_assert_gt(len, 3 * 64 * 1024, "%s spans several buffers", names[i]);
		free(got);
		free(file);
		sp_buf_dispose(&want);
	}
	/* the scene's MD5 is in upload.json: the hash thread was joined */
	{
		char *file = tst_join(dir, "upload.json"), *text = tst_read(file, NULL);
		/* md5sum of the 24 bytes "//Maya ASCII 2023 scene\n" */
		cr_assert_not_null(strstr(text, "\"hash\":\t\"03e8c20fa6e50f2dacc7a2c4d5637e77\""), "%.300s",
		                   text);
		free(text);
		free(file);
	}
	free(dir);
}
