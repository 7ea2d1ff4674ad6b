"""Inter-annotator agreement: span F1 (exact and partial), Cohen's kappa and Krippendorff's
alpha on token labels, agreement on entity links. Pure Python over counts, so a corpus of
any size is measured in one pass without holding its tokens."""

from annotator.agreement.measures import cohen_kappa, krippendorff_alpha_nominal
from annotator.agreement.report import (
    AgreementReport,
    AnnotatedDocument,
    Figures,
    Mark,
    measure,
)

__all__ = ["AgreementReport", "AnnotatedDocument", "Figures", "Mark", "cohen_kappa",
           "krippendorff_alpha_nominal", "measure"]
