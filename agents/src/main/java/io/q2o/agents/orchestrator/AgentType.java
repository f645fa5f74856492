package io.q2o.agents.orchestrator;

/** Which agent runs a planned task. */
public enum AgentType {
    /** The ResearcherAgent: findings from sources. */
    RESEARCH,
    /** The CoderAgent: one source file. */
    CODE,
    /** The TestingAgent: tests for the code of its dependencies. */
    TEST,
    /** The QAAgent: a review of the code of its dependencies. */
    QA
}
