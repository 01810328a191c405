/* Cameras seen by a layer: every camera shape, renderable unless `.rnd` says no in that layer. */
#include "ma_layers.h"

#include <stdio.h>

int ma_feed_layer_cameras(sp_unit *unit, const ma_layer_eval *le)
{
	for (size_t i = 0; i < le->rs->ntarget; i++) {
		const ma_node *n = le->rs->targets[i]; /* cameras are among the indexed targets */
		int error;
		if (strcmp(n->type, "camera") != 0)
			continue;
		/* Absent means Maya's default, renderable; top/front/side are saved with `.rnd no`. */
		error =
		    sp_unit_add_camera(unit, n->name, ma_parse_bool(ma_layer_value(le, n->name, "rnd"), 1));
		if (error < 0)
			return error;
	}
	return 0;
}

/* Cameras of a referenced file, with its namespace, join every layer of the scene. */
int ma_feed_child_cameras(ma_walk *w)
{
	const ma_store *st = &w->store;
	char name[512];
	for (size_t i = 0; i < st->nnode; i++) {
		const ma_node *n = st->nodes[i];
		size_t units = sp_scene_unit_count(w->ses->scene);
		/* Shared default cameras (persp, top...) merge with the scene's own on load. */
		if (strcmp(n->type, "camera") != 0 || n->shared)
			continue;
		snprintf(name, sizeof(name), "%s%s", w->ns, n->name);
		for (size_t u = 0; u < units; u++) {
			sp_unit *unit = sp_scene_unit_at(w->ses->scene, u);
			int error;
			if (sp_unit_kind_of(unit) != SP_UNIT_LAYER)
				continue;
			error = sp_unit_add_camera(unit, name, ma_parse_bool(ma_node_value(n, "rnd"), 1));
			if (error < 0)
				return error;
		}
	}
	return 0;
}
