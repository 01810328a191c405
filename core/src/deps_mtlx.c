#include "deps_fmt.h"

int sp__deps_read_mtlx(sp__deps_file *df)
{
	(void)df;
	return 0;
}
