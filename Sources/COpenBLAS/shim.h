// OpenBLAS's CBLAS interface (libopenblas-dev), used for large matrix products.
#include <cblas.h>
