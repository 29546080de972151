"""What people write carries dir="auto" on the receipt page and the leader's thread.

The stylesheet already turns a .quote by its first letters (upstream.css), but the markup said
nothing: a concern, a message or a reply in Arabic sat in an element without dir, so whatever reads
the HTML rather than the styles (reader views, copied text, a page without its stylesheet) took it
for left-to-right English. Every element holding someone's words now says dir="auto", or is <bdi>.
"""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from upstream.actions import services as actions
from upstream.concerns import services
from upstream.concerns.models import Status
from upstream.concerns.services import submit_concern
from upstream.concerns.tests.helpers import released
from upstream.intake import formkeys
from upstream.intake.services import release_due

CONCERN = "لا توجد ممرضات كافيات في النوبة الليلية منذ ثلاثة أسابيع."
LEADER = "سنضيف ممرضة إضافية في الليل ابتداءً من الأسبوع المقبل."
EXPLANATION = "بدأت الممرضة الإضافية العمل يوم الاثنين."
REPLY = "شكراً، متى يبدأ ذلك بالضبط؟"
WAITING = "وما زال الوضع صعباً في عطلة نهاية الأسبوع."
TITLE = "تغطية ليلية إضافية"
DESCRIPTION = "ممرضة إضافية في كل نوبة ليلية لمدة ثلاثة أشهر."
UPDATE = "بدأت أول ممرضة إضافية العمل."
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Holders(HTMLParser):
    """For each text asked about, the element whose own text holds it: (tag, attributes)."""

    def __init__(self, texts: list[str]) -> None:
        super().__init__()
        self.texts, self.stack, self.found = texts, [], {}

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data):
        for text in self.texts:
            if text in data:
                self.found.setdefault(text, []).append(self.stack[-1])


def undirected(body: str, texts: list[str]) -> dict[str, list]:
    """The texts shown in an element that neither says dir="auto" nor is <bdi>, or not at all."""
    parser = _Holders(texts)
    parser.feed(body)
    wrong = {text: [] for text in texts if text not in parser.found}
    for text, holders in parser.found.items():
        bad = [(tag, attrs) for tag, attrs in holders if tag != "bdi" and attrs.get("dir") != "auto"]
        if bad:
            wrong[text] = bad
    return wrong


def _concern_with_everything(org):
    done = released(CONCERN, unit=org.ward_a)
    concern = done.concern
    services.write_to_reporter(concern, org.leader, LEADER)
    services.change_status(concern, org.leader, Status.IN_PROGRESS, EXPLANATION)
    action = actions.create_action(
        org.leader, title=TITLE, description=DESCRIPTION, scope=org.ward_a, concern_ids=[str(concern.pk)]
    )
    actions.publish_action(action)
    actions.add_update(action, org.leader, UPDATE, 40)
    return done


def test_every_written_text_on_the_receipt_page_says_dir_auto(client, org):
    done = _concern_with_everything(org)
    for text in (REPLY, WAITING):
        form = {"receipt": done.receipt, "text": text, "form_key": formkeys.new_key()}
        assert client.post(reverse("receipt:reply"), form).status_code == 200
        if text == REPLY:  # the first reply reaches the thread; the second still waits for its batch
            release_due(timezone.now() + dt.timedelta(days=2))
    body = client.post(reverse("receipt:lookup"), {"receipt": done.receipt}).content.decode()
    texts = [CONCERN, LEADER, EXPLANATION, REPLY, WAITING, TITLE, DESCRIPTION, UPDATE]
    assert undirected(body, texts) == {}
    assert 'dir="auto"' in body.split('name="text"', 1)[1].split(">", 1)[0]  # the reply box


def test_a_refused_reply_comes_back_in_a_box_that_says_dir_auto(client, org):
    done = released(CONCERN, unit=org.ward_a)
    form = {"receipt": done.receipt, "text": REPLY * 300, "form_key": formkeys.new_key()}
    body = client.post(reverse("receipt:reply"), form).content.decode()
    assert undirected(body, [REPLY * 300]) == {}


def test_a_concern_waiting_for_its_batch_says_dir_auto(client, org):
    done = submit_concern(text=CONCERN, unit=org.ward_a, role_group="")
    form = {"receipt": done.receipt, "text": WAITING, "form_key": formkeys.new_key()}
    body = client.post(reverse("receipt:reply"), form).content.decode()
    assert "Received, waiting for its batch" in body
    assert undirected(body, [CONCERN, WAITING]) == {}


def test_the_leader_s_thread_says_dir_auto(client, org):
    done = _concern_with_everything(org)
    form = {"receipt": done.receipt, "text": REPLY, "form_key": formkeys.new_key()}
    client.post(reverse("receipt:reply"), form)
    release_due(timezone.now() + dt.timedelta(days=2))
    client.login(username="leader_a", password=PASSWORD)
    body = client.get(reverse("concerns:detail", args=[done.concern.pk])).content.decode()
    thread = body.split('<ol class="thread">', 1)[1].split("</ol>", 1)[0]
    assert undirected(thread, [LEADER, EXPLANATION, REPLY]) == {}
    assert "<bdi>Dana Okafor" in thread  # the leader's name, whichever way it is written
    assert 'dir="auto"' in body.split('id="id_text"', 1)[0].rsplit("<textarea", 1)[1]  # the message box
