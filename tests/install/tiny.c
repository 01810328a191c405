/* A program outside the tree: analyse argv[1] into argv[2] through the installed library, print the summary.
 */
#include <sceneprobe.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	sp_ctx *ctx = NULL;
	char *summary = NULL;
	int error;
	if (argc != 3 || sp_ctx_new(&ctx, NULL) < 0)
		return 2;
	error = sp_analyze_file(&summary, ctx, argv[1], argv[2], "{\"project_name\": \"tiny\"}");
	if (error < 0)
		fprintf(stderr, "%s (%d)\n", sp_ctx_last_error(ctx), error);
	else
		fputs(summary, stdout);
	sp_string_free(summary);
	sp_ctx_free(ctx);
	return error < 0 ? 1 : strcmp(sp_version(), "") == 0;
}
