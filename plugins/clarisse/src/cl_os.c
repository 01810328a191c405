/*
 * The one platform call the shim makes itself: the real path of a folder
 * or file, which is what $PDIR means and how a reference cycle is seen
 * through links.  realpath() is an X/Open extension, hence the macro.
 */
#define _XOPEN_SOURCE 700
#include <stdlib.h>

#include "cl_util.h"

char *cl_realpath(const char *path)
{
	char *real = path ? realpath(path, NULL) : NULL;
	char *copy = real ? cl_strdup(real) : NULL;
	free(real);
	return copy;
}
