import wagtail_factories

from .models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Lectern"
    hero_title = "Learn from teachers who care"
    hero_text = "Courses by independent teachers."

    class Meta:
        model = HomePage
