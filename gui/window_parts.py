"""The main window's parts that need the open services, in one module: ``MainWindow.attach``
builds them, and at start-up the loader thread imports this module (with SQLAlchemy, pydantic
and the services) after the window's first paint (issue 20), so the window module does not."""

from __future__ import annotations

from gui.background import BackgroundRunner
from gui.backup_actions import BackupActions
from gui.case_banner import CaseBanner, CaseStatusView
from gui.case_list import CaseListPanel
from gui.case_session import CaseSession
from gui.dataset_export import DatasetExports
from gui.demo_offer import DemoOffer, start_page
from gui.dialogs.about import show_about
from gui.dialogs.prompter import QtPrompter, keep_dialogs_out_of
from gui.history_view import CaseHistory
from gui.kit_export import SubmissionKits
from gui.pdf_batch import PdfBatches
from gui.report_hook import ReportPrinter
from gui.search_model import SearchCaseModel
from gui.search_panel import SearchPanel
from gui.status_flow import StatusFlow
from gui.transfer import Transfers
from gui.trash_actions import move_to_trash, restore_from_trash

__all__ = ["BackgroundRunner", "BackupActions", "CaseBanner", "CaseHistory", "CaseListPanel",
           "CaseSession", "CaseStatusView", "DatasetExports", "DemoOffer", "PdfBatches", "QtPrompter",
           "ReportPrinter", "SearchCaseModel", "SearchPanel", "StatusFlow", "SubmissionKits",
           "Transfers", "keep_dialogs_out_of", "move_to_trash", "restore_from_trash", "show_about", "start_page"]
