// libqpdf C API: the PDF object work for archive output (PDF/A metadata, output intent, IDs).
#include <qpdf/qpdf-c.h>
