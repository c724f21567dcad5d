"""Admin URLs of the translation tools, mounted under /admin/translations/ (see admin_hooks)."""

from django.urls import path

from portal.localization import job_files_views, job_views, views
from portal.localization.editor_views import edit as translator_editor
from portal.localization.memory_views import memory_export, memory_import, memory_index
from portal.localization.po_views import po_export, po_import, po_index
from portal.localization.prefill_views import prefill_object, prefill_selection
from portal.localization.tbx_views import urlpatterns as tbx_urls
from portal.localization.wordcount_views import po_word_counts

app_name = "translations"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("coverage.csv", views.coverage_csv, name="coverage_csv"),
    path("coverage-history.csv", views.coverage_history_csv, name="coverage_history_csv"),
    path("edit/<int:content_type_id>/<int:pk>/<str:lang>/", translator_editor, name="edit"),
    path("edit/<int:content_type_id>/<int:pk>/<str:lang>/prefill/", prefill_object, name="prefill"),
    path("prefill/<str:model>/<str:language>/", prefill_selection, name="prefill_selection"),
    path("memory/", memory_index, name="memory"),
    path("memory/export/", memory_export, name="memory_export"),
    path("memory/import/", memory_import, name="memory_import"),
    path("po/", po_index, name="po"),
    path("po/export/", po_export, name="po_export"),
    path("po/import/", po_import, name="po_import"),
    path("po/words/", po_word_counts, name="po_word_counts"),
    *tbx_urls,
    path("jobs/", job_views.job_list, name="jobs"),
    path("jobs/new/", job_views.job_create, name="job_create"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job"),
    path("jobs/<int:pk>/review/", job_views.job_review, name="job_review"),
    path("jobs/<int:pk>/items/<int:item_pk>/", job_views.job_item, name="job_item"),
    path("jobs/<int:pk>/export/", job_files_views.job_export, name="job_export"),
    path("jobs/<int:pk>/import/", job_files_views.job_import, name="job_import"),
    path("<str:model>/<str:language>/", views.drilldown, name="drilldown"),
]
