#include "deps.h"

struct sp_deps {
	sp_ctx *ctx;
};

int sp__deps_new(sp_deps **out, sp_ctx *ctx)
{
	sp_deps *deps = sp__calloc(1, sizeof(*deps));
	*out = deps;
	if (!deps)
		return sp__oom(ctx);
	deps->ctx = ctx;
	return 0;
}

void sp__deps_free(sp_deps *deps)
{
	sp__free(deps);
}

int sp__deps_scan(sp_deps *deps, sp_scene *scene, size_t index, const sp_strvec *files)
{
	(void)deps;
	(void)scene;
	(void)index;
	(void)files;
	return 0;
}
