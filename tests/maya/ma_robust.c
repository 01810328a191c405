/*
 * Damaged scenes: corpus files cut short and sprinkled with quotes,
 * semicolons, backslashes and NUL bytes must give a clean error code or a
 * result, never a crash (the sanitizer build checks memory on the way).
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <sp_maya.h>

#include "support.h"

static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u; /* fixed sequence: failures replay */
	return *state >> 8;
}

static void damage_and_read(const char *rel, uint32_t seed, int rounds)
{
	static const char junk[] = "\";\\\n/ \0\xff|.[]:-0123456789";
	char *path = tst_corpus(rel), *dir = tst_mkdtemp(), *copy = tst_join(dir, "d.ma");
	size_t len = 0;
	char *data = tst_read(path, &len), *buf = malloc(len + 1);
	cr_assert_not_null(data);
	for (int r = 0; r < rounds; r++) {
		/* odd rounds cut the file short, even rounds keep its length */
		size_t cut = r % 2 && len ? next_random(&seed) % len + 1 : len,
		       flips = next_random(&seed) % 40;
		sp_ctx *ctx = NULL;
		sp_scene *scene = NULL;
		int rc;
		memcpy(buf, data, cut);
		for (size_t k = 0; k < flips && cut > 0; k++)
			buf[next_random(&seed) % cut] = junk[next_random(&seed) % (sizeof(junk) - 1)];
		tst_write(dir, "d.ma", buf, cut);
		cr_assert_eq(sp_ctx_new(&ctx, NULL), 0);
		cr_assert_eq(sp_scene_new(&scene, ctx, SP_APP_MAYA, copy), 0);
		rc = sp_maya_read(scene, NULL);
		cr_assert(rc == 0 || rc == SP_ECORRUPT || rc == SP_EUNSUPPORTED, "%s round %d: %d %s", rel, r,
		          rc, sp_ctx_last_error(ctx));
		if (rc < 0)
			cr_assert(strstr(sp_ctx_last_error(ctx), "d.ma"), "%s", sp_ctx_last_error(ctx));
		sp_scene_free(scene);
		sp_ctx_free(ctx);
	}
	free(buf);
	free(data);
	free(copy);
	tst_rmtree(dir);
	free(dir);
	free(path);
}

Test(ma_robust, damaged_render_setup_scene_never_crashes)
{
	damage_and_read(
	    "maya_ascii/aws-deadline__deadline-cloud-for-maya__job_bundle_output_tests__layers__scene__"
	    "layers.ma",
	    1u, 60);
}

Test(ma_robust, damaged_legacy_layer_scene_never_crashes)
{
	damage_and_read("maya_ascii/sebastienblor__arnold-usd__testsuite__test_0112__data__test.ma", 2u, 60);
}

Test(ma_robust, damaged_reference_scene_never_crashes)
{
	damage_and_read("maya_ascii/ElaraFX__ElaraShader__automationtest__test_5071__data__test_3delight.ma",
	                3u, 60);
}
