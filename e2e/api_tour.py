"""
A tour of Lectern's REST API with nothing but `requests`: register, verify
the address, sign in with two-factor, find a course, enroll, read a lesson,
mark it complete, ask a question under it, like an answer, upload a picture.

Against `make run` (emails are printed on its console):

    .venv/bin/python e2e/api_tour.py http://127.0.0.1:8000 picture.png

e2e/test_api_tour.py runs the same steps against the test server.
"""

import sys
import uuid

import requests


class ApiError(Exception):
    def __init__(self, response: requests.Response) -> None:
        self.status = response.status_code
        self.body = response.json()
        super().__init__(f"{self.status} {self.body['code']}: {self.body['message']}")


class Lectern:
    """A client of one Lectern site: each call raises ApiError on a refusal."""

    def __init__(self, site: str) -> None:
        self.api = site.rstrip("/") + "/api/v1"
        self.http = requests.Session()

    def call(self, method: str, path: str, **kwargs) -> dict:
        response = self.http.request(method, self.api + path, timeout=30, **kwargs)
        if response.status_code >= 400:
            raise ApiError(response)
        return response.json() if response.content else {}

    def register(self, email: str, password: str, name: str) -> None:
        self.call(
            "POST",
            "/auth/register",
            json={"email": email, "password": password, "display_name": name},
        )

    def verify(self, key: str) -> None:
        """`key`: the end of the emailed link, /accounts/confirm-email/<key>/."""
        self.call("POST", "/auth/email/verify", json={"key": key})

    def sign_in(self, email: str, password: str, ask_code) -> None:
        """Obtain a token pair; `ask_code()` gives the authenticator app's code
        when the account has two-factor sign-in on."""
        credentials = {"email": email, "password": password}
        try:
            tokens = self.call("POST", "/auth/token", json=credentials)
        except ApiError as error:
            if error.body["code"] != "mfa_required":
                raise
            tokens = self.call(
                "POST", "/auth/token", json={**credentials, "code": ask_code()}
            )
        self.http.headers["Authorization"] = f"Bearer {tokens['access']}"

    def first_open_course(self, words: str = "") -> dict:
        """The first course found that the member may enroll in for free."""
        for course in self.call("GET", "/courses", params={"q": words})["results"]:
            detail = self.call("GET", f"/courses/{course['id']}")
            if detail["viewer"]["can_enroll"] and detail["price"] is None:
                return detail
        raise LookupError("No course open for enrollment.")

    def enroll(self, course: dict) -> None:
        self.call("POST", f"/courses/{course['id']}/enrollment")

    def read_lesson(self, lesson_id: int) -> dict:
        return self.call("GET", f"/lessons/{lesson_id}")

    def complete(self, lesson_id: int) -> dict:
        return self.call("POST", f"/lessons/{lesson_id}/completion")

    def ask(self, lesson_id: int, title: str, body: str) -> dict:
        question = {"title": title, "body": body, "lesson_id": lesson_id}
        return self.call("POST", "/community/posts", json=question)

    def like_an_answer(self, lesson_id: int) -> dict:
        """Like the first answer to an earlier question under the lesson."""
        for question in self.call("GET", f"/community/lessons/{lesson_id}/questions")[
            "results"
        ]:
            answers = self.call("GET", f"/community/posts/{question['id']}/comments")
            for answer in answers["results"]:
                if not answer["liked_by_me"]:
                    return self.call("PUT", f"/community/comments/{answer['id']}/like")
        raise LookupError("No answer to like under this lesson.")

    def upload_picture(self, path: str, title: str) -> dict:
        with open(path, "rb") as picture:
            return self.call(
                "POST", "/media", data={"title": title}, files={"file": picture}
            )


def main(site: str, picture: str) -> None:
    lectern = Lectern(site)
    email = f"tour-{uuid.uuid4().hex[:8]}@example.com"
    password = "a-long-unusual-passphrase"
    lectern.register(email, password, "API Tourist")
    lectern.verify(input("The key at the end of the emailed link: ").strip())
    input("Turn on two-factor sign-in at /accounts/2fa/ if you like; then Enter. ")
    lectern.sign_in(email, password, lambda: input("Your authenticator's code: "))
    course = lectern.first_open_course()
    lectern.enroll(course)
    lesson_id = course["modules"][0]["lessons"][0]["id"]
    steps = {
        "Read": lambda: lectern.read_lesson(lesson_id)["title"],
        "Completed": lambda: lectern.complete(lesson_id),
        "Asked": lambda: lectern.ask(lesson_id, "Where next?", "What to read next?"),
        "Liked": lambda: lectern.like_an_answer(lesson_id),
        "Uploaded": lambda: lectern.upload_picture(picture, "My picture"),
    }
    for step, call in steps.items():
        print(step, call())  # noqa: T201 (the tour shows each answer)


if __name__ == "__main__":
    main(*sys.argv[1:3])
