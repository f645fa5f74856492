package io.q2o.demo;

import io.q2o.agents.CodeArtifact;
import io.q2o.agents.qa.CoverageItem;
import io.q2o.agents.qa.QAAgent;
import io.q2o.agents.qa.QaReport;
import io.q2o.agents.qa.ReviewerConflictException;
import io.q2o.coder.Language;
import io.q2o.llm.LlmService;

import java.util.List;
import java.util.Optional;

/**
 * The demo's QA step: the QAAgent reviews the template's and the LLM's file with a provider other
 * than the one that wrote the LLM's file (the first usable of openai, gemini, anthropic that is not
 * the writer) and scores both with its written rubric — requirement coverage (each of the task's
 * requirements matched to code the reviewer quotes), review findings and the validator's score —
 * so the two outputs are told apart for stated reasons. The webhook handles payments, so it is
 * reviewed as a critical component. Offline the reviews are replayed answers like the generation.
 */
final class DemoReview {
    /** The order reviewers are picked in. */
    static final List<String> REVIEWERS = List.of("openai", "gemini", "anthropic");

    /**
     * One file's review.
     *
     * @param reviewer provider/model that reviewed it
     * @param score    the rubric total 0-100
     * @param coverage requirement coverage points of 40
     * @param findings review findings points of 40
     * @param validator validator points of 20
     * @param verdict  PASSED, BLOCKED or FAILED
     * @param reasons  why points were lost
     * @param missing  requirements without evidence
     * @param error    why the review failed, or null
     */
    record Score(String reviewer, int score, int coverage, int findings, int validator, String verdict, List<String> reasons,
                 List<String> missing, String error) {
    }

    private DemoReview() {
    }

    /**
     * @param llm    the service
     * @param writer the provider that wrote the LLM's file
     * @return the reviewer provider, if one other than the writer is usable
     */
    static Optional<String> reviewer(LlmService llm, String writer) {
        return REVIEWERS.stream().filter(p -> !p.equals(writer) && llm.usableProviders().contains(p)).findFirst();
    }

    /**
     * @param llm         the service
     * @param reviewer    the reviewer provider
     * @param file        the file's name
     * @param code        its content
     * @param writer      provider that wrote it ("" for the template)
     * @param writerModel model that wrote it ("" for the template)
     * @return the score
     */
    static Score review(LlmService llm, String reviewer, String file, String code, String writer, String writerModel) {
        QAAgent qa = QAAgent.builder().llm(llm).reviewer(reviewer, null).build();
        CodeArtifact artifact = new CodeArtifact(file, Language.PYTHON, code, DemoTask.REQUIREMENTS, true, writer, writerModel);
        QaReport r;
        try {
            r = qa.review(artifact, DemoTask.ID);
        } catch (ReviewerConflictException e) {
            return new Score(reviewer, 0, 0, 0, 0, "FAILED", List.of(), List.of(), e.getMessage());
        }
        return new Score(r.reviewerProvider() + "/" + r.reviewerModel(), r.score().total(), r.score().coverage(),
                r.score().findings(), r.score().validator(), r.verdict().name(), r.score().reasons(),
                r.missing().stream().map(CoverageItem::requirement).toList(), r.error());
    }

    /**
     * @param template the template's review, or null
     * @param llm      the LLM's review, or null
     * @return a key finding comparing the two QA scores and saying why they differ, when both were reviewed
     */
    static Optional<String> keyFinding(Score template, Score llm) {
        if (template == null || llm == null || template.error() != null || llm.error() != null) {
            return Optional.empty();
        }
        int delta = llm.score() - template.score();
        String sign = delta > 0 ? "+ " : delta < 0 ? "- " : "= ";
        String why = delta == 0 ? "" : "; " + (delta > 0 ? "template" : "LLM") + " lost points for: "
                + String.join("; ", (delta > 0 ? template : llm).reasons());
        return Optional.of(sign + "QA rubric by " + llm.reviewer() + ": LLM " + llm.score() + "/100 vs template "
                + template.score() + "/100" + why);
    }

    /**
     * @param s a score, or null
     * @return one line for the console
     */
    static String line(Score s) {
        if (s == null) {
            return "-";
        }
        if (s.error() != null) {
            return "QA review failed: " + s.error();
        }
        return "QA " + s.score() + "/100 (coverage " + s.coverage() + "/40, findings " + s.findings() + "/40, validator "
                + s.validator() + "/20)" + (s.missing().isEmpty() ? "" : "; missing: " + String.join(", ", s.missing()));
    }
}
