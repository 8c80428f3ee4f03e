"""Block Kit rules on their own: the errors Slack answers with, where it answers them."""

from localslack.blockkit import validate_blocks, validate_options_response, validate_view


def section(i: int) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": f"line {i}"}}


def button(label: str, action_id: str) -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": label}, "action_id": action_id}


def modal(blocks: list, **extra) -> dict:
    return {"type": "modal", "title": {"type": "plain_text", "text": "Goal"}, "blocks": blocks, **extra}


def test_plain_text_only_places_refuse_mrkdwn():
    bad_button = {
        "type": "actions",
        "elements": [{"type": "button", "text": {"type": "mrkdwn", "text": "*Go*"}}],
    }
    header = {"type": "header", "text": {"type": "mrkdwn", "text": "Title"}}

    assert validate_blocks([bad_button, header], "message") == [
        "must be a valid enum value [json-pointer:/blocks/0/elements/0/text/type]",
        "must be a valid enum value [json-pointer:/blocks/1/text/type]",
    ]


def test_sections_need_text_or_fields_within_limits():
    fields = [{"type": "mrkdwn", "text": "f"}] * 11
    errors = validate_blocks(
        [
            {"type": "section"},
            {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}},
            {"type": "section", "fields": fields},
            {"type": "section", "text": {"type": "plain_text", "text": ""}},
        ],
        "message",
    )
    assert errors == [
        "must define either `text` or `fields` [json-pointer:/blocks/0/type]",
        "must be less than 3001 characters [json-pointer:/blocks/1/text/text]",
        "no more than 10 items allowed [json-pointer:/blocks/2/fields]",
        "must be more than 0 characters [json-pointer:/blocks/3/text/text]",
    ]


def test_ids_are_bounded_and_unique():
    errors = validate_blocks(
        [
            {"type": "divider", "block_id": "a"},
            {"type": "divider", "block_id": "a"},
            {
                "type": "actions",
                "elements": [button("One", "x" * 256), button("Two", "same"), button("Three", "same")],
            },
        ],
        "message",
    )
    assert errors == [
        "duplicate block_id: a [json-pointer:/blocks/1/block_id]",
        "must be less than 256 characters [json-pointer:/blocks/2/elements/0/action_id]",
        "duplicate action_id: same [json-pointer:/blocks/2/elements/2/action_id]",
    ]


def test_unknown_block_types_and_non_objects_are_refused():
    assert validate_blocks([{"type": "sectoin"}, "divider"], "home") == [
        "unsupported type: sectoin [json-pointer:/blocks/0/type]",
        "must provide an object [json-pointer:/blocks/1]",
    ]


def test_selects_options_and_overflow():
    options = [{"text": {"type": "plain_text", "text": f"o{i}"}, "value": str(i)} for i in range(101)]
    select = {
        "type": "static_select",
        "action_id": "pick",
        "options": options,
        "initial_option": {"value": "nope"},
    }
    overflow = {"type": "overflow", "action_id": "more", "options": options[:6]}
    errors = validate_blocks([{"type": "actions", "elements": [select, overflow]}], "message")

    assert errors == [
        "no more than 100 items allowed [json-pointer:/blocks/0/elements/0/options]",
        "must match one of the provided options [json-pointer:/blocks/0/elements/0/initial_option]",
        "no more than 5 items allowed [json-pointer:/blocks/0/elements/1/options]",
    ]


def test_an_external_select_loads_its_options_and_the_answer_is_checked():
    option = {"text": {"type": "plain_text", "text": "Europe/Oslo"}, "value": "Europe/Oslo"}
    good = {"type": "external_select", "action_id": "zone", "initial_option": option, "min_query_length": 0}
    bad = {
        "type": "external_select",
        "action_id": "zone2",
        "options": [option],
        "initial_option": {"text": {"type": "mrkdwn", "text": "*Oslo*"}, "value": "x"},
        "min_query_length": -1,
    }
    input_block = {"type": "input", "label": {"type": "plain_text", "text": "Zone"}}
    errors = validate_view(
        modal(
            [
                {**input_block, "block_id": "a", "element": good},
                {**input_block, "block_id": "b", "element": bad},
            ],
            submit={"type": "plain_text", "text": "Save"},
        )
    )
    assert errors == [
        "`options` is not allowed in an external select [json-pointer:/view/blocks/1/element/options]",
        "must be between 0 and 1000 [json-pointer:/view/blocks/1/element/min_query_length]",
        "must be a valid enum value [json-pointer:/view/blocks/1/element/initial_option/text/type]",
    ]

    many = [{"text": {"type": "plain_text", "text": f"o{i}"}, "value": str(i)} for i in range(101)]
    assert validate_options_response({"options": many[:100]}) == []
    assert validate_options_response({"options": many}) == [
        "no more than 100 items allowed [json-pointer:/options]"
    ]
    assert validate_options_response(
        {"options": [{"text": {"type": "plain_text", "text": "x" * 76}, "value": "v"}]}
    ) == ["must be less than 76 characters [json-pointer:/options/0/text/text]"]
    assert validate_options_response({}) == [
        "must provide either `options` or `option_groups` [json-pointer:]"
    ]


def test_input_blocks_belong_in_views_or_dispatch_in_messages():
    field = {
        "type": "input",
        "block_id": "amount",
        "label": {"type": "plain_text", "text": "Amount"},
        "element": {
            "type": "plain_text_input",
            "action_id": "value",
            "max_length": 5,
            "initial_value": "123456",
        },
    }
    assert validate_blocks([field], "message") == [
        "must be less than 6 characters [json-pointer:/blocks/0/element/initial_value]",
        "input blocks in messages must set `dispatch_action` [json-pointer:/blocks/0]",
    ]
    assert (
        validate_blocks(
            [{**field, "dispatch_action": True, "element": {"type": "plain_text_input"}}], "message"
        )
        == []
    )


def test_modal_views_need_short_titles_and_a_submit_for_inputs():
    field = {
        "type": "input",
        "label": {"type": "plain_text", "text": "Amount"},
        "element": {"type": "plain_text_input", "action_id": "value"},
    }
    view = modal([field], private_metadata="x" * 3001)
    view["title"] = {"type": "plain_text", "text": "A title that is far too long"}

    assert validate_view(view) == [
        "must be less than 3001 characters [json-pointer:/view/private_metadata]",
        "must be less than 25 characters [json-pointer:/view/title/text]",
        "must define `submit` to use an `input` block in modals [json-pointer:/view/blocks/0]",
    ]
    assert validate_view(modal([field], submit={"type": "plain_text", "text": "Save"})) == []
    assert validate_view({"type": "home", "blocks": [section(i) for i in range(100)]}) == []


def test_images_need_a_source_and_alt_text():
    assert validate_blocks([{"type": "image"}], "message") == [
        "missing required field: image_url [json-pointer:/blocks/0]",
        "missing required field: alt_text [json-pointer:/blocks/0]",
    ]
