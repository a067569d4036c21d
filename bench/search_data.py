"""
Data for the search page benchmark (bench/search_page.py), run in a Django
shell on the benchmark's scratch database after `seed_demo`:

- `catalog_generate`: a large generated catalog of published courses,
  modules and lessons under the demo's course index, written in bulk
  (home/scale.py, which `manage.py seed_scale` uses too);
- `search_index_build`: the lessons' search texts and Wagtail's search index
  over everything, as the site's tasks would keep them;
- `student_session_key`: a signed-in session of the demo student.

Each returns what the benchmark reports (timings, a session key) and writes
its progress to stderr.
"""

from home import scale
from home.scale import search_index_build  # noqa: F401 (called by the benchmark)

from . import page_data


def catalog_generate(*, courses: int, lessons: int, seed: int = 0) -> dict:
    """`courses` published courses of `lessons` lessons each, in modules of five."""
    generated = scale.catalog_generate(courses=courses, lessons=lessons, seed=seed)
    # The report needs no ids (JSON on one line, for the benchmark to read).
    del generated["course_ids"]
    return generated


def student_session_key() -> str:
    """A session in which the demo student is signed in."""
    return page_data.session_key(page_data.student())
