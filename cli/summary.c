/*
 * The readable summary.  It is printed from the same JSON document that
 * `analyze --json` emits, so the two can never disagree.
 */
#include "cmd.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <string.h>

static const char *str(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *obj, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static void print_bytes(double b)
{
	static const char *const units[] = {"B", "KB", "MB", "GB", "TB"};
	size_t u = 0;
	while (b >= 1024 && u < 4) {
		b /= 1024;
		u++;
	}
	printf(u ? "%.1f %s" : "%.0f %s", b, units[u]);
}

static void print_list(const cJSON *arr, const char *empty)
{
	const cJSON *it;
	int first = 1;
	cJSON_ArrayForEach(it, arr)
	{
		if (cJSON_IsString(it)) {
			printf("%s%s", first ? "" : ",", it->valuestring);
			first = 0;
		}
	}
	if (first)
		printf("%s", empty);
}

static void print_unit(const cJSON *u, int indent)
{
	const cJSON *layers = cJSON_GetObjectItemCaseSensitive(u, "layers"), *child;
	const char *w = str(u, "width"), *h = str(u, "height"), *kind = str(u, "kind");
	int is_layer = strcmp(kind, "render_layer") == 0;
	printf("%*s%s %-24s %-16s", indent, "",
	       cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(u, "renderable")) ? "[x]" : "[ ]",
	       str(u, "name"), *str(u, "frames") ? str(u, "frames") : "-");
	if (is_layer) {
		putchar(' ');
		print_list(cJSON_GetObjectItemCaseSensitive(u, "render_cameras"), "(no renderable camera)");
		printf("  %s", *str(u, "renderer") ? str(u, "renderer") : "(no renderer)");
	} else {
		if (*str(u, "node_type"))
			printf(" %s", str(u, "node_type"));
		if (*str(u, "camera"))
			printf("  %s", str(u, "camera"));
		if (*str(u, "format"))
			printf("  %s", str(u, "format"));
	}
	if (*w || *h)
		printf("  %sx%s", w, h);
	if (*str(u, "output"))
		printf("  -> %s", str(u, "output"));
	putchar('\n');
	cJSON_ArrayForEach(child, layers) print_unit(child, indent + 4);
}

static void print_plugins(const cJSON *plugins)
{
	const cJSON *p;
	int first = 1;
	printf("plug-ins: ");
	cJSON_ArrayForEach(p, plugins)
	{
		printf("%s%s %s", first ? "" : ", ", p->string, cJSON_IsString(p) ? p->valuestring : "");
		first = 0;
	}
	printf("%s\n", first ? "none" : "");
}

static void print_tips(const cJSON *tips)
{
	const cJSON *t, *m;
	if (cJSON_GetArraySize(tips) == 0) {
		printf("tips: none\n");
		return;
	}
	printf("tips:\n");
	cJSON_ArrayForEach(t, tips)
	{
		const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(t, "messages");
		int shown = 0, total = cJSON_GetArraySize(msgs);
		printf("  %-7s %5.0f  %s (%d)\n", str(t, "severity"), num(t, "code"), str(t, "title"), total);
		cJSON_ArrayForEach(m, msgs)
		{
			if (shown++ == 5) {
				printf("                 ... and %d more (see tips.json)\n", total - 5);
				break;
			}
			printf("                 %s\n", m->valuestring);
		}
	}
}

void print_summary(const sp_scene *scene, const char *task_dir)
{
	sp_buf json = SP_BUF_INIT;
	cJSON *doc = NULL, *u;
	const cJSON *assets;
	if (sp_write_summary_json(&json, scene, task_dir) < 0 || !(doc = cJSON_Parse(json.ptr))) {
		cli_error("cannot build the summary: %s", sp_ctx_last_error(sp_scene_ctx(scene)));
		goto done;
	}
	printf("%s %s  %s\n", str(doc, "application"), str(doc, "version"), str(doc, "scene"));
	print_plugins(cJSON_GetObjectItemCaseSensitive(doc, "plugins"));
	printf("render units:\n");
	cJSON_ArrayForEach(u, cJSON_GetObjectItemCaseSensitive(doc, "units")) print_unit(u, 2);
	assets = cJSON_GetObjectItemCaseSensitive(doc, "assets");
	printf("files: %.0f found (", num(assets, "found"));
	print_bytes(num(assets, "bytes"));
	printf("), %.0f missing, from %.0f references\n", num(assets, "missing"), num(assets, "references"));
	print_tips(cJSON_GetObjectItemCaseSensitive(doc, "tips"));
	printf("task files: %s\n", task_dir);
done:
	cJSON_Delete(doc);
	sp_buf_dispose(&json);
}
