"""Action, callback and block ids: one place, so builders and listeners agree."""

# Buttons on the help menu and the App Home tab.
OPEN_SETTINGS = "open_settings"
OPEN_PREFERENCES = "open_preferences"
SHOW_TEAMS = "show_teams"
SHOW_PRODUCTS = "show_products"
SHOW_HELP = "show_help"

# Modals.
SETTINGS_MODAL = "settings_modal"
PREFERENCES_MODAL = "preferences_modal"

# Inputs of the settings modal that are searched as people type, and the eves' checkbox: block
# id and action id are the field's name.
SETTINGS_TIMEZONE = "timezone"
SETTINGS_HOLIDAY_COUNTRY = "holiday_country"
SETTINGS_YEAR_END_EVES = "year_end_eves_off"

# Input blocks of the preferences modal: block id and action id are the same word.
PREF_LANGUAGE = "language"
PREF_RANKING = "public_ranking"
PREF_SUGGESTIONS = "diagnosis_suggestions"

# Goals (handlers/goals.py).
OPEN_GOAL_MODAL = "open_goal_modal"
GOAL_MODAL = "goal_modal"
GOAL_REVISION_MODAL = "goal_revision_modal"
# "Revise with reason" on the reply to a revision typed without a reason.
REVISE_GOAL = "revise_goal"

# Sales through their lifecycle (handlers/sales.py, orders.py, away.py).
# Buttons on a sale carry the sale id as their value.
OPEN_RESULT_MODAL = "open_result_modal"
RESULT_MODAL = "result_modal"
SHOW_OPEN_ORDERS = "show_open_orders"
# The reader's own sales this period (App Home), as "/sales results" shows them.
SHOW_MY_SALES = "show_my_sales"
SHOW_SALE = "show_sale"  # one sale with its buttons (from a low-score alert); carries the sale id
SHOW_TRAINING_LIBRARY = "show_training_library"  # App Home: the library, by DM
# Previous/next on a list of open orders: "orders_page:previous", "orders_page:next".
ORDERS_PAGE = "orders_page"
# Previous/next on a list of a period's sales (handlers/results.py): "results_page:next", ….
RESULTS_PAGE = "results_page"
SALE_DELIVERED = "sale_delivered"
SALE_FOLLOWED_UP = "sale_followed_up"
SALE_LOST = "sale_lost"
SALE_EDIT = "sale_edit"
SALE_DELETE = "sale_delete"
# A link to the feedback page for the sale's customer (handlers/feedback_links.py); value: the sale id.
SALE_FEEDBACK_LINK = "sale_feedback_link"
SALE_DATE_MODAL = "sale_date_modal"
SALE_LOST_MODAL = "sale_lost_modal"
SALE_EDIT_MODAL = "sale_edit_modal"
# An unusual amount asked about before saving (handlers/sales.py): on the question sent for a
# typed sale, whose buttons carry the sale; in the modal asking in place of a form, whose
# private_metadata does.
SALE_CHECK_SAVE = "sale_check_save"
SALE_CHECK_SUGGESTED = "sale_check_suggested"
SALE_CHECK_EDIT = "sale_check_edit"
SALE_CHECK_MODAL = "sale_check_modal"
AWAY_MODAL = "away_modal"
AWAY_REMOVE = "away_remove"

# Progress, leaderboard and App Home paging.
SHOW_PROGRESS = "show_progress"
SHOW_LEADERBOARD = "show_leaderboard"
# App Home page buttons use it as a prefix, "home_page:N": two buttons in one block
# (Previous, Next) cannot share an action id.
HOME_PAGE = "home_page"

# Digest schedules (handlers/digests.py).
OPEN_DIGEST_MODAL = "open_digest_modal"
DIGEST_MODAL = "digest_modal"
PERSONAL_DIGEST_MODAL = "personal_digest_modal"
DIGEST_PAUSE = "digest_pause"
DIGEST_RESUME = "digest_resume"
DIGEST_EDIT = "digest_edit"
DIGEST_DELETE = "digest_delete"
DIGEST_RUN_NOW = "digest_run_now"
DIGEST_PAGE = "digest_page"

# Training (handlers/training.py). Item buttons carry the item id as their value; Done carries
# "assignment:occurrence"; page buttons "train_page:N" carry "N|search words".
TRAIN_PAGE = "train_page"
TRAIN_ADD = "train_add"
TRAIN_EDIT = "train_edit"
TRAIN_RETIRE = "train_retire"
TRAIN_ASSIGN = "train_assign"
TRAIN_DONE = "train_done"
TRAIN_ITEM_MODAL = "train_item_modal"
TRAIN_ASSIGN_MODAL = "train_assign_modal"

# Customer feedback (handlers/feedback.py). A score button on a rating message is
# "feedback_vote:SCORE" (one action id per button of a block) and carries "REQUEST:SCORE";
# Add a comment carries the answer id. The message shortcut's callback id is in manifest.yml.
FEEDBACK_LOG_MODAL = "feedback_log_modal"
FEEDBACK_VOTE = "feedback_vote"
FEEDBACK_COMMENT = "feedback_comment"
FEEDBACK_COMMENT_MODAL = "feedback_comment_modal"
LOG_FEEDBACK_SHORTCUT = "log_customer_feedback"
# What's working (handlers/working.py). "Share what worked" on a sale carries the sale id;
# "Share with everyone" carries "PERIOD_KEY|TEAM_ID" (the report it was under).
WORKING_SHARE_STORY = "working_share_story"
WORKING_STORY_MODAL = "working_story_modal"
WORKING_SHARE_REPORT = "working_share_report"
WORKING_SHARE_MODAL = "working_share_modal"
# Diagnosis (handlers/diagnosis.py). A step's buttons are "diagnosis_mark:MARK" and carry
# "DIAGNOSIS:VERSION:STEP", the state they were drawn for; Conclude carries "DIAGNOSIS:VERSION";
# Resume (App Home) the diagnosis id.
DIAGNOSIS_MARK = "diagnosis_mark"
DIAGNOSIS_CONCLUDE = "diagnosis_conclude"
DIAGNOSIS_CONCLUDE_MODAL = "diagnosis_conclude_modal"
DIAGNOSIS_RESUME = "diagnosis_resume"
# A department's question (ask the department): Yes / No ("diagnosis_answer:yes|no") and Comment
# carry the question's id; the comment form's callback.
DIAGNOSIS_ANSWER = "diagnosis_answer"
DIAGNOSIS_COMMENT = "diagnosis_comment"
DIAGNOSIS_COMMENT_MODAL = "diagnosis_comment_modal"
# Diagnose, wherever a person or team is shown behind pace: "SCOPE:ID:PERIOD_KEY" (person|team);
# several in one block are "diagnosis_start:N".
DIAGNOSIS_START = "diagnosis_start"
# "Diagnose…" under a channel digest's people behind pace: "SCOPE:ID:PERIOD_KEY" (team|company, 0
# for the company); the presser privately gets those of them they may diagnose.
DIAGNOSIS_FROM_DIGEST = "diagnosis_from_digest"
# Coaching (handlers/coaching.py). Start a coaching plan carries "PERSON_ID:DIAGNOSIS_ID" (the
# diagnosis may be 0: none); Check in carries the check-in's id; Open the plan and Record the
# outcome carry "PLAN_ID:VERSION" (the outcome form is refused when the plan changed since).
COACHING_START = "coaching_start"
COACHING_PLAN_MODAL = "coaching_plan_modal"
COACHING_OPEN = "coaching_open"
COACHING_CHECK_IN = "coaching_check_in"
COACHING_CHECK_IN_MODAL = "coaching_check_in_modal"
COACHING_OUTCOME = "coaching_outcome"
COACHING_OUTCOME_MODAL = "coaching_outcome_modal"
COACHING_ESCALATE_MODAL = "coaching_escalate_modal"
# Assign training for one person (from a diagnosis or a coaching plan): the training assign form
# with an item to pick and the person filled in (handlers/training.py); carries the person's id.
TRAIN_ASSIGN_PERSON = "train_assign_person"

# Excel imports (handlers/imports.py): the form, its blocks (block id and action id are the
# same word), the template buttons (value: sales | goals) and the preview's buttons (value: the
# file to import, as JSON).
IMPORT_MODAL = "import_modal"
IMPORT_KIND = "import_kind"
IMPORT_FILE = "import_file"
IMPORT_TEMPLATE = "import_template"
IMPORT_CONFIRM = "import_confirm"
IMPORT_CANCEL = "import_cancel"

# Recognition and rewards: kudos, celebrations, the period-end announcement, rewards.
KUDOS_SHORTCUT = "give_kudos"
KUDOS_MODAL = "kudos_modal"
KUDOS_REASON = "kudos_reason"
REWARD_NOMINATE = "reward_nominate"
REWARD_NOMINATE_MODAL = "reward_nominate_modal"
REWARD_ADD = "reward_add"
REWARD_EDIT_MODAL = "reward_edit_modal"
REWARD_EDIT = "reward_edit"
REWARD_RETIRE = "reward_retire"
REWARD_DECIDE = "reward_decide"
REWARD_DECIDE_MODAL = "reward_decide_modal"
RECOGNITION_POST_NOW = "recognition_post_now"

# Goals discussed with staff (handlers/goal_talks.py). Acknowledge and Discuss carry the goal's
# id (Acknowledge is also "Agree" once a manager has kept the goal); the manager's Keep the goal,
# Schedule a talk and View carry the discussion's id; Remind carries the goal's id.
GOAL_ACK = "goal_ack"
GOAL_DISCUSS = "goal_discuss"
GOAL_DISCUSS_MODAL = "goal_discuss_modal"
GOAL_KEEP = "goal_keep"
GOAL_KEEP_MODAL = "goal_keep_modal"
GOAL_TALK = "goal_talk"
GOAL_TALK_MODAL = "goal_talk_modal"
GOAL_DISCUSSION_VIEW = "goal_discussion_view"
GOAL_ACK_REMIND = "goal_ack_remind"
