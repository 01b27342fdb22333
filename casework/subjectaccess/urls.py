app_name = "subjectaccess"
urlpatterns = []
