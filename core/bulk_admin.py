"""The admin's import page for a kind of bulk rows (`core.bulk`): upload a CSV or Excel file,
see every row's outcome (new, changed, unchanged, or its errors by column), then confirm; and a
template file of the kind's columns with an example row to start from."""

import inspect
import sys

import tablib
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

TEMPLATE_FORMATS = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_dataset(resource_class):
    """The kind's columns and its example row."""
    headers = resource_class.template_headers()
    dataset = tablib.Dataset(headers=headers)
    dataset.append([resource_class.example.get(header, "") for header in headers])
    return dataset


class BulkImportAdminMixin(ImportMixin):
    import_template_name = "admin/bulk_import.html"
    import_formats = [CSV, XLSX]

    def has_import_permission(self, request):
        # An import adds and changes rows.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "import/template.<str:extension>",
                self.admin_site.admin_view(self.import_file_template_view),
                name="{}_{}_import_template".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_file_template_view(self, request, extension):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if extension not in TEMPLATE_FORMATS:
            return HttpResponse(status=404)
        resource_class = self.get_import_resource_classes(request)[0]
        dataset = template_dataset(resource_class)
        response = HttpResponse(dataset.export(extension), content_type=TEMPLATE_FORMATS[extension])
        name = f"{resource_class.kind}-template.{extension}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_import_context_data(self, **kwargs):
        resource_class = self.get_import_resource_classes(None)[0]
        # The resource's module describes its columns.
        return {
            **super().get_import_context_data(**kwargs),
            "import_help": inspect.getdoc(sys.modules[resource_class.__module__]),
        }
