"""Community models, one module per capability."""

from upstream.community.models.campaigns import (
    Campaign,
    CampaignMeeting,
    CampaignMember,
    CampaignUpdate,
    FormalAsk,
)
from upstream.community.models.cosigns import Cosign, SharedConcern
from upstream.community.models.gatherings import Gathering, Signup
from upstream.community.models.mentoring import CareerStage, MentoringMeeting, MentorMatch, MentorProfile
from upstream.community.models.peer import PeerRequest, PeerSupporter
from upstream.community.models.recognition import Recognition
from upstream.community.models.resources import Category, Resource, ResourceUse
from upstream.community.models.stories import Story

__all__ = [
    "Campaign",
    "CampaignMeeting",
    "CampaignMember",
    "CampaignUpdate",
    "CareerStage",
    "Category",
    "Cosign",
    "FormalAsk",
    "Gathering",
    "MentorMatch",
    "MentorProfile",
    "MentoringMeeting",
    "PeerRequest",
    "PeerSupporter",
    "Recognition",
    "Resource",
    "ResourceUse",
    "SharedConcern",
    "Signup",
    "Story",
]
