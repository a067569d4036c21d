"""
The demo catalog's content, written for Lectern: subjects, and courses with
their modules, lessons and quiz questions. `courses.demo` turns it into
pages. Paragraphs may use the paragraph block's inline HTML (<b>, <i>, lists).
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Subject:
    name: str
    description: str
    colour: str  # the subject's colour, in its icon and its courses' covers


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Code:
    language: str  # one of courses.blocks.LANGUAGES
    code: str


@dataclass(frozen=True)
class Callout:
    kind: str  # info, warning or tip
    text: str


@dataclass(frozen=True)
class Figure:
    """A slide-like picture of a few short lines, drawn for the lesson."""

    lines: tuple[str, ...]
    alt: str


@dataclass(frozen=True)
class Embed:
    url: str
    caption: str


@dataclass(frozen=True)
class Question:
    """The right answers and the wrong ones; the choices are shuffled."""

    prompt: str
    right: tuple[str, ...]
    wrong: tuple[str, ...]
    explanation: str


@dataclass(frozen=True)
class Lesson:
    title: str
    summary: str
    body: tuple[str | Heading | Code | Callout | Figure | Embed, ...]
    questions: tuple[Question, ...]
    # Listed but closed, expected this many days after the demo is made.
    coming_soon_in_days: int | None = None
    # Opens to each student this many days after they enrolled.
    opens_after_days: int | None = None


@dataclass(frozen=True)
class Module:
    title: str
    description: str
    lessons: tuple[Lesson, ...]
    # Its lessons open once the module before is complete.
    requires_previous: bool = False


@dataclass(frozen=True)
class Course:
    title: str
    subject: str
    summary: str
    overview: tuple[str, ...]
    modules: tuple[Module, ...]
    level: str = "beginner"
    hours: int = 3
    access_level: str = "open"
    availability: str = "available"
    price: Decimal | None = None
    currency: str = ""
    # The titles of the courses to complete first.
    requires: tuple[str, ...] = ()


SUBJECTS = (
    Subject("Mathematics", "Numbers, shapes, patterns and data.", "#1d4ed8"),
    Subject("Computing", "Programming and how computers work.", "#047857"),
    Subject("Science", "How the natural world works.", "#b45309"),
    Subject("Languages", "Speak, read and write with confidence.", "#be123c"),
    Subject("Music", "Read, understand and play music.", "#7c3aed"),
    Subject("Business", "Money, enterprise and getting customers.", "#0e7490"),
)

COURSES = (
    # Mathematics
    Course(
        title="Algebra from scratch",
        subject="Mathematics",
        summary="Solve equations with confidence, starting from what x means.",
        overview=(
            "Algebra is arithmetic with a gap in it: a number we do not know "
            "yet. This course starts from what a letter like x stands for and "
            "ends with solving two-step equations and turning word problems "
            "into equations.",
            "For anyone who can add, subtract, multiply and divide, and wants "
            "to stop fearing the letters.",
        ),
        hours=4,
        modules=(
            Module(
                "What x means",
                "Variables, expressions and the rules they follow.",
                (
                    Lesson(
                        "Letters that stand for numbers",
                        "A variable is a name for a number we do not know yet.",
                        (
                            "When you read <i>x + 3 = 5</i>, the letter x is a "
                            "placeholder: a number we have not found yet. Algebra "
                            "gives unknown numbers names so that we can write down "
                            "what we know about them and reason about it, the way "
                            "you might say “the price of a coffee” before you know "
                            "what it is.",
                            Heading("Expressions and equations"),
                            "An <b>expression</b> such as 2x + 1 is a recipe: give "
                            "x a value and it produces a number. If x is 4, then "
                            "2x + 1 is 2 × 4 + 1 = 9. An <b>equation</b> such as "
                            "2x + 1 = 9 states that two expressions are equal; "
                            "solving it means finding every value of x that makes "
                            "the statement true.",
                            Callout(
                                "tip",
                                "Writing 2x means 2 × x. Algebra drops the "
                                "multiplication sign between a number and a letter "
                                "because × looks too much like x.",
                            ),
                        ),
                        (
                            Question(
                                "If x = 4, what is the value of 3x − 2?",
                                right=("10",),
                                wrong=("12", "34", "7"),
                                explanation="3x means 3 × x, so 3 × 4 = 12, and "
                                "12 − 2 = 10.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Like terms and brackets",
                        "Combine terms that count the same thing, and expand brackets.",
                        (
                            "Terms are the parts of an expression joined by + or −. "
                            "In 4a + 2b + 3a, the terms 4a and 3a are <b>like "
                            "terms</b>: they count the same thing, a. Just as 4 "
                            "apples and 3 apples make 7 apples, 4a + 3a = 7a. The "
                            "term 2b counts something else and stays as it is, so "
                            "the expression simplifies to 7a + 2b.",
                            Heading("Multiplying out brackets"),
                            "A number in front of a bracket multiplies everything "
                            "inside it: 3(x + 2) = 3x + 6. This is the distributive "
                            "law, and it is why you can work out 3 × 12 as "
                            "3 × 10 + 3 × 2. After expanding brackets, collect like "
                            "terms again.",
                            Callout(
                                "warning",
                                "Watch the signs: −2(x − 5) = −2x + 10, because a "
                                "negative times a negative is positive.",
                            ),
                        ),
                        (
                            Question(
                                "Simplify 5y + 3 − 2y + 4.",
                                right=("3y + 7",),
                                wrong=("7y + 7", "3y − 1", "10y"),
                                explanation="5y − 2y = 3y and 3 + 4 = 7, so the "
                                "expression is 3y + 7.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Solving equations",
                "Keep both sides balanced and the unknown gives itself up.",
                (
                    Lesson(
                        "The balance method",
                        "Do the same to both sides, and undo the steps in reverse.",
                        (
                            "Think of an equation as a pair of scales in balance. "
                            "Whatever you do to one side, you must do to the other "
                            "to keep it level. To solve x + 3 = 5, take 3 from both "
                            "sides: x + 3 − 3 = 5 − 3, which leaves x = 2.",
                            Figure(
                                ("x + 3 = 5", "x + 3 - 3 = 5 - 3", "x = 2"),
                                "Solving x + 3 = 5: take 3 from both sides, "
                                "which leaves x = 2.",
                            ),
                            Heading("Undo in reverse order"),
                            "In 2x + 1 = 9, x was first multiplied by 2 and then "
                            "had 1 added. Undo those steps in reverse: subtract 1 "
                            "from both sides to get 2x = 8, then divide both sides "
                            "by 2 to get x = 4. Check by substituting back: "
                            "2 × 4 + 1 = 9.",
                            Callout(
                                "tip",
                                "Checking takes ten seconds and catches most slips. "
                                "Put your answer back into the original equation, "
                                "not into one of your working lines.",
                            ),
                        ),
                        (
                            Question(
                                "Solve 3x − 4 = 11.",
                                right=("x = 5",),
                                wrong=("x = 7/3", "x = 15", "x = 21"),
                                explanation="Add 4 to both sides: 3x = 15. Divide "
                                "both sides by 3: x = 5. Check: 3 × 5 − 4 = 11.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Equations from words",
                        "Turn an everyday problem into an equation, then solve it.",
                        (
                            "Many everyday problems are equations in disguise. A "
                            "taxi charges 3 dollars plus 2 dollars per kilometre, "
                            "and the ride cost 15 dollars: how far did you go? "
                            "Call the distance d. The cost is 3 + 2d, so "
                            "3 + 2d = 15, hence 2d = 12 and d = 6 kilometres.",
                            Heading("From sentence to solution"),
                            "<ol><li>Say what the letter stands for.</li>"
                            "<li>Translate each phrase into symbols and write the "
                            "equation.</li><li>Solve it.</li><li>Answer the "
                            "question in words, with units.</li></ol>",
                        ),
                        (
                            Question(
                                "Sam is x years old and his sister is 4 years "
                                "older. Together they are 30. Which equation "
                                "describes this?",
                                right=("x + (x + 4) = 30",),
                                wrong=("x + 4 = 30", "4x = 30", "x + x = 30 + 4"),
                                explanation="Sam is x and his sister x + 4; their "
                                "ages add up to 30, so 2x + 4 = 30 and x = 13.",
                            ),
                            Question(
                                "Which of these are equations? Choose all that apply.",
                                right=("2x + 1 = 7", "a = 5"),
                                wrong=("3y − 2", "4(b + 1)"),
                                explanation="An equation states that two things "
                                "are equal; 3y − 2 and 4(b + 1) are expressions.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Geometry in the real world",
        subject="Mathematics",
        summary="Angles, areas and volumes, measured in rooms, maps and parks.",
        overview=(
            "Geometry is the mathematics of space. Measure angles, use "
            "Pythagoras' theorem to check a corner is square, and work out "
            "how much paint, tiling or water a job needs.",
        ),
        hours=5,
        access_level="email",
        modules=(
            Module(
                "Angles and shapes",
                "Measure turns and name the shapes they make.",
                (
                    Lesson(
                        "Measuring angles",
                        "Degrees measure how far something turns.",
                        (
                            "An angle measures a turn. A full turn is 360 degrees, "
                            "a half turn 180° and a quarter turn, the corner of a "
                            "page, 90°: a right angle. Angles smaller than 90° are "
                            "acute; those between 90° and 180° are obtuse.",
                            Heading("Angles that add up"),
                            "Angles on a straight line add up to 180°, and angles "
                            "around a point add up to 360°. So if a door opens 65° "
                            "from the wall, the angle on the other side of the "
                            "door is 180° − 65° = 115°.",
                        ),
                        (
                            Question(
                                "Two angles sit side by side on a straight line. "
                                "One is 112°. What is the other?",
                                right=("68°",),
                                wrong=("248°", "78°", "112°"),
                                explanation="Angles on a straight line add up to "
                                "180°, and 180 − 112 = 68.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Triangles and Pythagoras",
                        "Angle sums, and the theorem builders use to square a corner.",
                        (
                            "The three angles inside any triangle add up to 180°. "
                            "Tear the corners off a paper triangle and line them "
                            "up: they make a straight line. That is why an "
                            "equilateral triangle, with three equal angles, has "
                            "angles of 60° each.",
                            Heading("Pythagoras' theorem"),
                            "In a right-angled triangle, the square of the longest "
                            "side (the hypotenuse) equals the sum of the squares of "
                            "the other two: a² + b² = c². Builders use the 3-4-5 "
                            "triangle to check that corners are square, because "
                            "3² + 4² = 9 + 16 = 25 = 5².",
                            Figure(
                                ("3² + 4² = 5²", "9 + 16 = 25"),
                                "The 3-4-5 triangle: 3 squared plus 4 squared "
                                "equals 5 squared.",
                            ),
                            Callout(
                                "tip",
                                "Mark 3 m along one wall and 4 m along the other. "
                                "If the diagonal between the marks is exactly 5 m, "
                                "the corner is a right angle.",
                            ),
                        ),
                        (
                            Question(
                                "A right-angled triangle has shorter sides of 6 cm "
                                "and 8 cm. How long is the hypotenuse?",
                                right=("10 cm",),
                                wrong=("14 cm", "48 cm", "100 cm"),
                                explanation="6² + 8² = 36 + 64 = 100, and the "
                                "square root of 100 is 10.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Area and volume",
                "How much floor, paint and water.",
                (
                    Lesson(
                        "Area of a room",
                        "Square units; rectangles, triangles and circles.",
                        (
                            "Area measures an amount of surface, in square units. "
                            "A rectangular room 4 m by 3 m has an area of "
                            "4 × 3 = 12 m²: twelve squares, one metre on each "
                            "side, would cover the floor.",
                            Heading("Triangles and circles"),
                            "A triangle is half of a rectangle, so its area is "
                            "½ × base × height. A circle's area is πr², where r is "
                            "the radius and π is about 3.14. A round table 1.2 m "
                            "across has a radius of 0.6 m and an area of about "
                            "3.14 × 0.36 ≈ 1.13 m².",
                            Callout(
                                "warning",
                                "Convert to the same unit before multiplying: "
                                "250 cm × 2 m is 2.5 m × 2 m = 5 m², not 500.",
                            ),
                        ),
                        (
                            Question(
                                "A floor is 5 m long and 4 m wide. Each tile "
                                "covers 0.25 m². How many tiles are needed?",
                                right=("80",),
                                wrong=("20", "5", "45"),
                                explanation="The floor is 5 × 4 = 20 m², and "
                                "20 ÷ 0.25 = 80 tiles.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Volume and capacity",
                        "Cubic units, litres, and how much a tank holds.",
                        (
                            "Volume measures the space inside a solid, in cubic "
                            "units. A box 2 m by 1 m by 0.5 m holds "
                            "2 × 1 × 0.5 = 1 m³. For any prism, a cylinder "
                            "included, the volume is the area of its end times its "
                            "length.",
                            Heading("Litres and cubic metres"),
                            "One litre is the volume of a cube 10 cm on each side, "
                            "so a cubic metre holds 1,000 litres. A round water "
                            "tank 1 m across and 2 m tall holds "
                            "π × 0.5² × 2 ≈ 1.57 m³, about 1,570 litres.",
                        ),
                        (
                            Question(
                                "How many litres does a tank 2 m long, 1 m wide "
                                "and 1 m tall hold?",
                                right=("2,000",),
                                wrong=("200", "20", "2"),
                                explanation="The tank holds 2 m³, and each cubic "
                                "metre is 1,000 litres.",
                            ),
                            Question(
                                "Which of these are units of volume? Choose all "
                                "that apply.",
                                right=("cm³", "litre"),
                                wrong=("m²", "km"),
                                explanation="Cubic centimetres and litres measure "
                                "volume; m² measures area and km length.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Fractions, decimals and percentages",
        subject="Mathematics",
        summary="Three ways to write part of a whole, and how to use them for "
        "discounts, recipes and tips.",
        overview=(
            "A half, 0.5 and 50% are the same amount written three ways. Learn "
            "to move between them, calculate with each, and work out discounts "
            "and price rises without a calculator.",
        ),
        modules=(
            Module(
                "Fractions",
                "Parts of a whole, and how to combine them.",
                (
                    Lesson(
                        "What a fraction says",
                        "Numerators, denominators and equivalent fractions.",
                        (
                            "The fraction ¾ says: split something into 4 equal "
                            "parts and take 3 of them. The bottom number, the "
                            "<b>denominator</b>, names the size of the parts; the "
                            "top number, the <b>numerator</b>, counts them.",
                            Heading("Equivalent fractions"),
                            "Multiplying or dividing the top and bottom by the same "
                            "number does not change a fraction's value: "
                            "½ = 2/4 = 50/100. To simplify 12/18, divide both by "
                            "their largest common factor, 6, to get 2/3.",
                        ),
                        (
                            Question(
                                "Which fraction is equal to 3/4?",
                                right=("9/12",),
                                wrong=("6/12", "3/8", "4/3"),
                                explanation="Multiply the top and bottom of 3/4 by "
                                "3: 9/12.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Adding and multiplying fractions",
                        "Common denominators to add; straight across to multiply.",
                        (
                            "You can only add parts of the same size. To work out "
                            "½ + ⅓, rewrite both with a common denominator, 6: "
                            "3/6 + 2/6 = 5/6.",
                            Figure(
                                ("1/2 + 1/3", "= 3/6 + 2/6", "= 5/6"),
                                "One half plus one third: three sixths plus two "
                                "sixths make five sixths.",
                            ),
                            Heading("Multiplying is easier"),
                            "To multiply fractions, multiply the tops and the "
                            "bottoms: ⅔ × ¾ = 6/12 = ½. “Of” means multiply, so "
                            "half of three-quarters of a pizza is ½ × ¾ = 3/8 of "
                            "it.",
                            Callout(
                                "tip",
                                "Cancel common factors before multiplying: in "
                                "⅔ × ¾ the 3s cancel, leaving 2/4 = ½ straight "
                                "away.",
                            ),
                        ),
                        (
                            Question(
                                "What is 1/4 + 2/3?",
                                right=("11/12",),
                                wrong=("3/7", "3/12", "2/12"),
                                explanation="With the common denominator 12: "
                                "3/12 + 8/12 = 11/12.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Decimals and percentages",
                "The same numbers, written for money and shops.",
                (
                    Lesson(
                        "Decimals",
                        "Tenths and hundredths, and how to compare them.",
                        (
                            "Decimals are fractions whose denominators are 10, "
                            "100, 1,000 and so on: 0.7 is 7/10, and 0.25 is "
                            "25/100 = ¼. To turn a fraction into a decimal, divide "
                            "the top by the bottom: 3 ÷ 8 = 0.375.",
                            Heading("Comparing decimals"),
                            "Line the numbers up by their decimal points and "
                            "compare digit by digit from the left. 0.5 is larger "
                            "than 0.45 because 5 tenths beat 4 tenths, however "
                            "many digits follow.",
                        ),
                        (
                            Question(
                                "Which of these is the largest?",
                                right=("0.6",),
                                wrong=("0.59", "0.509", "0.06"),
                                explanation="Compare the tenths first: 0.6 has 6 "
                                "tenths, more than any of the others.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Percentages",
                        "Per cent means out of a hundred: discounts and increases.",
                        (
                            "Per cent means “out of a hundred”: 35% is "
                            "35/100 = 0.35. To find 35% of 80, multiply: "
                            "0.35 × 80 = 28.",
                            Heading("Discounts and increases"),
                            "A 20% discount leaves you paying 80% of the price, so "
                            "a 45-dollar jacket costs 0.8 × 45 = 36 dollars. An "
                            "increase of 10% multiplies by 1.1. Changes multiply "
                            "too: a 10% rise followed by a 10% cut gives "
                            "1.1 × 0.9 = 0.99 of the original price, not the same "
                            "price.",
                            Callout(
                                "warning",
                                "Percentages of different amounts do not add up: "
                                "50% off, then another 20% off, is 60% off in all, "
                                "not 70%.",
                            ),
                        ),
                        (
                            Question(
                                "A shirt costs 40 dollars and is reduced by 25%. "
                                "What is the new price?",
                                right=("30 dollars",),
                                wrong=("15 dollars", "10 dollars", "35 dollars"),
                                explanation="You pay 75% of the price: 0.75 × 40 = 30.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Making sense of data",
        subject="Mathematics",
        summary="Averages, spread and charts: read the numbers in the news "
        "without being fooled.",
        overview=(
            "Numbers in reports and headlines are chosen to tell a story. Learn "
            "which average to trust, how to describe spread, how charts mislead "
            "and why a correlation is not a cause.",
        ),
        level="intermediate",
        hours=4,
        access_level="members",
        modules=(
            Module(
                "Summarising numbers",
                "Averages and spread.",
                (
                    Lesson(
                        "Mean, median and mode",
                        "Three averages, and which one to trust.",
                        (
                            "The <b>mean</b> is the total divided by how many "
                            "values there are; the <b>median</b> is the middle "
                            "value once they are sorted; the <b>mode</b> is the "
                            "most common value. For house prices of 100, 120, 130, "
                            "150 and 900 thousand, the mean is 280 thousand but "
                            "the median is 130 thousand.",
                            Figure(
                                ("100  120  130  150  900", "mean 280   median 130"),
                                "Five house prices in thousands: the mean is 280, "
                                "the median 130.",
                            ),
                            Heading("Which average to use"),
                            "One very large value drags the mean up, while the "
                            "median hardly moves. That is why reports on incomes "
                            "and house prices usually give the median: it "
                            "describes a typical case.",
                        ),
                        (
                            Question(
                                "What is the median of 7, 3, 9, 4 and 5?",
                                right=("5",),
                                wrong=("4", "5.6", "9"),
                                explanation="Sorted, the values are 3, 4, 5, 7, 9; "
                                "the middle one is 5. (The mean is 5.6.)",
                            ),
                        ),
                    ),
                    Lesson(
                        "Spread",
                        "Range and interquartile range.",
                        (
                            "Two classes can both average 60% in a test, one with "
                            "every score between 55 and 65, the other with scores "
                            "from 20 to 100. The <b>range</b>, the largest value "
                            "minus the smallest, is the simplest measure of that "
                            "spread.",
                            Heading("Quartiles"),
                            "The range depends on the two most extreme values. The "
                            "<b>interquartile range</b> ignores them: sort the "
                            "data, find the values a quarter and three-quarters of "
                            "the way along, and subtract. It describes where the "
                            "middle half of the data lies.",
                        ),
                        (
                            Question(
                                "The scores are 12, 15, 15, 18 and 30. What is the "
                                "range?",
                                right=("18",),
                                wrong=("15", "30", "3"),
                                explanation="Largest minus smallest: 30 − 12 = 18.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Charts and claims",
                "Read charts honestly and question the headline.",
                (
                    Lesson(
                        "Reading charts honestly",
                        "Axes, scales, and the right chart for the question.",
                        (
                            "A bar chart whose vertical axis starts at 95 instead "
                            "of 0 can make 97 look three times as big as 96. "
                            "Before comparing bars, read the axis labels and the "
                            "scale.",
                            Heading("Choose the chart for the question"),
                            "Use a bar chart to compare categories, a line chart "
                            "to show change over time and a scatter plot to look "
                            "for a relationship between two measurements. A pie "
                            "chart only works for the parts of one whole, and "
                            "only with a few slices.",
                        ),
                        (
                            Question(
                                "You want to show how a town's population changed "
                                "from 1990 to 2020. Which chart suits best?",
                                right=("A line chart",),
                                wrong=(
                                    "A pie chart",
                                    "A bar chart of today's age groups",
                                ),
                                explanation="A line chart shows how one quantity "
                                "changes over time.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Correlation is not causation",
                        "Things seen together, and what it takes to show a cause.",
                        (
                            "Ice-cream sales and drownings rise and fall together. "
                            "Ice cream does not cause drowning: both go up in hot "
                            "weather, when more people swim. A third factor that "
                            "drives both is called a <b>confounder</b>.",
                            Heading("What would convince you"),
                            "To show that one thing causes another, researchers "
                            "run experiments: they split people into groups at "
                            "random and change one thing for one group only. "
                            "Randomising spreads the confounders evenly, so a "
                            "difference in outcome points to the change itself.",
                            Callout(
                                "info",
                                "When a headline says “linked to”, read it as "
                                "“seen together with”. Ask how the data were "
                                "collected and what else could explain them.",
                            ),
                        ),
                        (
                            Question(
                                "Towns with more doctors report more illness. "
                                "Which of these could explain it? Choose all that "
                                "apply.",
                                right=(
                                    "Bigger towns have more of both",
                                    "Ill people move to be near doctors",
                                ),
                                wrong=("The numbers prove that doctors cause illness",),
                                explanation="Town size is a confounder and illness "
                                "can draw doctors rather than the reverse; the data "
                                "alone cannot show that doctors make people ill.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    # Computing
    Course(
        title="Python for beginners",
        subject="Computing",
        summary="Write your first programs in Python, one small step at a time.",
        overview=(
            "Python is a programming language that reads almost like English, "
            "used for websites, science, data and automating chores. Write and "
            "run your first programs, store values in variables, make decisions "
            "and repeat work with loops.",
            "No experience needed: only a computer on which you can install Python.",
        ),
        hours=6,
        access_level="members",
        modules=(
            Module(
                "First programs",
                "Running code, values and variables.",
                (
                    Lesson(
                        "Hello, Python",
                        "Write a program, run it and read what it prints.",
                        (
                            "A program is a list of instructions that the computer "
                            "carries out in order. Python reads them from top to "
                            "bottom, one line at a time, which makes it a friendly "
                            "first language.",
                            Code("python", 'print("Hello, world!")\nprint(2 + 3)'),
                            Heading("Running your code"),
                            "Save the two lines in a file called hello.py and run "
                            "<i>python hello.py</i> in a terminal. The first line "
                            "prints the text between the quotes; the second prints "
                            "5, because Python works out the sum before printing "
                            "it. Running <i>python</i> on its own opens a prompt "
                            "where you can try lines one at a time.",
                        ),
                        (
                            Question(
                                "What does print(3 * 4) display?",
                                right=("12",),
                                wrong=("3 * 4", "34", "7"),
                                explanation="Python evaluates 3 * 4, which is 12, "
                                "then prints the result.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Variables and types",
                        "Names for values, and why “3” is not 3.",
                        (
                            "A variable is a name attached to a value. After "
                            "<i>price = 4.5</i>, the name price refers to 4.5 until "
                            "you assign something else to it.",
                            Code(
                                "python",
                                "price = 4.5\n"
                                "quantity = 3\n"
                                "total = price * quantity\n"
                                'print(f"Total: {total}")  # Total: 13.5',
                            ),
                            Heading("Numbers and text"),
                            "Every value has a type: 3 is an int, 4.5 a float and "
                            '"three" a str, a string of text. Types decide what '
                            'operations mean: 3 + 3 is 6, but "3" + "3" is "33". '
                            "Convert between them with int(), float() and str().",
                            Callout(
                                "warning",
                                "<code>input()</code> always returns a string. "
                                "Convert it before doing arithmetic: "
                                '<code>age = int(input("Your age? "))</code>.',
                            ),
                        ),
                        (
                            Question(
                                'What does print("3" + "4") display?',
                                right=("34",),
                                wrong=("7", "An error", "3 + 4"),
                                explanation="Both values are strings, and + joins "
                                "strings together.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Decisions and repetition",
                "if statements and loops.",
                (
                    Lesson(
                        "if and else",
                        "Let the program choose what to do.",
                        (
                            "Programs choose what to do with if statements. The "
                            "indented block under if runs only when its condition "
                            "is true; elif tries another condition, and the block "
                            "under else runs when none of them is.",
                            Code(
                                "python",
                                "temperature = 31\n"
                                "if temperature > 30:\n"
                                '    print("Stay in the shade")\n'
                                "elif temperature < 10:\n"
                                '    print("Take a coat")\n'
                                "else:\n"
                                '    print("Enjoy the day")',
                            ),
                            Heading("Indentation matters"),
                            "Python uses indentation, usually four spaces, to know "
                            "which lines belong to which block. Conditions compare "
                            "values with == (equal), != (not equal), <, >, <= and "
                            ">=, and combine with and, or and not.",
                        ),
                        (
                            Question(
                                "In Python, which operator tests whether two "
                                "values are equal?",
                                right=("==",),
                                wrong=("=", "===", "equals"),
                                explanation="A single = gives a name a value; == "
                                "compares two values.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Loops",
                        "Repeat work with for and while.",
                        (
                            "A for loop runs its block once for each item in a "
                            "sequence. range(5) gives the numbers 0 to 4, so the "
                            "first loop below prints five lines.",
                            Code(
                                "python",
                                "for number in range(5):\n"
                                "    print(number, number ** 2)\n"
                                "\n"
                                'shopping = ["rice", "beans", "tea"]\n'
                                "for item in shopping:\n"
                                '    print("Buy", item)',
                            ),
                            Heading("while loops"),
                            "A while loop repeats as long as its condition stays "
                            "true. Make sure something inside the loop changes the "
                            "condition, or it never ends; Ctrl+C stops a runaway "
                            "program.",
                        ),
                        (
                            Question(
                                "How many times does the body of "
                                "for i in range(2, 6) run?",
                                right=("4",),
                                wrong=("6", "5", "2"),
                                explanation="range(2, 6) gives 2, 3, 4 and 5: it "
                                "stops before 6.",
                            ),
                        ),
                        opens_after_days=7,
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Web development with Django",
        subject="Computing",
        summary="Build and ship a real website with Django, from models to deployment.",
        overview=(
            "Django is the Python web framework behind many of the sites you "
            "use. Learn how a request becomes a page, model your data, write "
            "views and templates, and put the site online safely.",
            "You should be comfortable with basic Python: variables, functions "
            "and loops.",
        ),
        level="intermediate",
        hours=10,
        access_level="purchase",
        price=Decimal("29.00"),
        currency="USD",
        modules=(
            Module(
                "How Django is organised",
                "Projects, apps, requests and models.",
                (
                    Lesson(
                        "Projects, apps and requests",
                        "What happens between a click and a page.",
                        (
                            "A Django site is a project made of apps: folders of "
                            "Python modules, each for one part of the site, such "
                            "as accounts, a blog or a shop. When a request "
                            "arrives, Django matches its URL against your URL "
                            "patterns, calls the view it finds and sends back the "
                            "response the view returns.",
                            Code(
                                "bash",
                                "python -m pip install django\n"
                                "django-admin startproject mysite\n"
                                "cd mysite\n"
                                "python manage.py startapp blog\n"
                                "python manage.py runserver",
                            ),
                            Heading("The request–response cycle"),
                            "A view is a function that takes a request and returns "
                            "a response. It usually reads from the database "
                            "through models and renders a template to HTML. "
                            "Splitting the work between models, views and "
                            "templates keeps each part small.",
                        ),
                        (
                            Question(
                                "In Django, what decides which view handles a request?",
                                right=("The URL patterns",),
                                wrong=(
                                    "The template",
                                    "The model",
                                    "The DEBUG setting",
                                ),
                                explanation="Django compares the request's path "
                                "with the URL patterns in order and calls the view "
                                "of the first match.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Models and migrations",
                        "Describe your data in Python; Django writes the SQL.",
                        (
                            "A model is a Python class that describes a database "
                            "table: each field is a column. Django writes the SQL "
                            "for you, and migrations record each change to your "
                            "models so that every copy of the database can "
                            "follow.",
                            Code(
                                "python",
                                "from django.db import models\n"
                                "\n"
                                "\n"
                                "class Post(models.Model):\n"
                                "    title = models.CharField(max_length=200)\n"
                                "    body = models.TextField()\n"
                                "    published_at = models.DateTimeField("
                                "null=True, blank=True)\n"
                                "\n"
                                "    def __str__(self):\n"
                                "        return self.title",
                            ),
                            Heading("Migrations"),
                            "After changing models.py, run <i>python manage.py "
                            "makemigrations</i> to write a migration file, then "
                            "<i>python manage.py migrate</i> to apply it. Commit "
                            "the migration files with your code: they are how "
                            "other machines get the same tables.",
                        ),
                        (
                            Question(
                                "Which command applies migrations to the database?",
                                right=("python manage.py migrate",),
                                wrong=(
                                    "python manage.py makemigrations",
                                    "python manage.py runserver",
                                    "python manage.py startapp",
                                ),
                                explanation="makemigrations writes the migration "
                                "files; migrate runs them against the database.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Views, templates and going live",
                "Pages people see, and a site people can reach.",
                (
                    Lesson(
                        "Views and templates",
                        "Gather what a page needs and render it.",
                        (
                            "A view gathers what a page needs and passes it to a "
                            "template: HTML with placeholders, where "
                            "{{ post.title }} prints a value and {% for %} repeats "
                            "a block. Django escapes values by default, so text "
                            "from users cannot inject HTML.",
                            Code(
                                "python",
                                "from django.shortcuts import get_object_or_404, "
                                "render\n"
                                "\n"
                                "from .models import Post\n"
                                "\n"
                                "\n"
                                "def post_detail(request, pk):\n"
                                "    post = get_object_or_404(Post, pk=pk)\n"
                                '    return render(request, "blog/post_detail.html",'
                                ' {"post": post})',
                            ),
                            Heading("Keep views thin"),
                            "When a rule is needed in more than one place, such as "
                            "a view, an API and a background job, put it in a "
                            "plain function that each of them calls. Views then "
                            "only translate between HTTP and that function.",
                        ),
                        (
                            Question(
                                "What does get_object_or_404 do when no matching "
                                "row exists?",
                                right=(
                                    "Raises Http404, so the visitor sees “Not found”",
                                ),
                                wrong=(
                                    "Returns None",
                                    "Creates the object",
                                    "Stops the server",
                                ),
                                explanation="It raises Http404, which Django turns "
                                "into a 404 response.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Deploying",
                        "Settings to review and how a site is served.",
                        (
                            "In production, turn DEBUG off, set ALLOWED_HOSTS to "
                            "your domain and read secrets such as SECRET_KEY from "
                            "the environment, never from the code. "
                            "<i>python manage.py check --deploy</i> lists settings "
                            "to review.",
                            Heading("Serving the site"),
                            "runserver is for development only. In production an "
                            "application server such as gunicorn runs your code, a "
                            "web server or proxy in front of it handles HTTPS, and "
                            "static files are gathered with collectstatic and "
                            "served efficiently, for example by WhiteNoise.",
                            Callout(
                                "warning",
                                "Never deploy with DEBUG = True: its error pages "
                                "show your settings and code to anyone.",
                            ),
                        ),
                        (
                            Question(
                                "Which settings must you review before going "
                                "live? Choose all that apply.",
                                right=("DEBUG", "ALLOWED_HOSTS", "SECRET_KEY"),
                                wrong=("LANGUAGE_CODE",),
                                explanation="DEBUG must be off, ALLOWED_HOSTS must "
                                "name your domain and SECRET_KEY must stay secret; "
                                "the language can stay as it is.",
                            ),
                        ),
                        coming_soon_in_days=30,
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="How the internet works",
        subject="Computing",
        summary="Follow a web page from the server to your screen: packets, "
        "addresses, DNS and HTTPS.",
        overview=(
            "Every time you open a page, dozens of machines cooperate in a "
            "fraction of a second. Follow the journey: packets, IP addresses, "
            "the Domain Name System, HTTP and the padlock of HTTPS.",
        ),
        modules=(
            Module(
                "Networks and addresses",
                "How data finds its way.",
                (
                    Lesson(
                        "Packets",
                        "Why data travels in small pieces.",
                        (
                            "Data crosses the internet in small pieces called "
                            "packets. A photo you send is split into many packets, "
                            "each labelled with where it comes from and where it "
                            "is going; routers pass them along, hop by hop, and "
                            "the receiving computer puts them back together.",
                            Heading("Why packets"),
                            "Splitting data lets many conversations share the same "
                            "cables, and lets the network route around a broken "
                            "link. TCP, one of the internet's core protocols, "
                            "numbers the packets so they can be put back in order "
                            "and has any that go missing sent again.",
                        ),
                        (
                            Question(
                                "What does TCP do when a packet goes missing?",
                                right=("Has the missing data sent again",),
                                wrong=(
                                    "Deletes the whole file",
                                    "Leaves a gap in the data",
                                    "Asks the router for its copy",
                                ),
                                explanation="The receiver acknowledges what "
                                "arrives, and the sender retransmits what is not "
                                "acknowledged.",
                            ),
                        ),
                    ),
                    Lesson(
                        "IP addresses and DNS",
                        "Numbers for machines, names for people.",
                        (
                            "Every device on the internet is reached through an IP "
                            "address, such as 203.0.113.7 (IPv4) or 2001:db8::7 "
                            "(IPv6). People remember names rather than numbers, so "
                            "the Domain Name System (DNS) translates names into "
                            "addresses.",
                            Code("bash", "$ dig +short lectern.example\n203.0.113.7"),
                            Heading("Asking for a name"),
                            "Your computer asks a resolver, usually run by your "
                            "internet provider. The resolver asks a root server, "
                            "then the servers for the top-level domain, then the "
                            "domain's own name servers. It remembers the answer "
                            "for a while, so the next lookup is instant.",
                        ),
                        (
                            Question(
                                "What does DNS do?",
                                right=("Turns names into IP addresses",),
                                wrong=(
                                    "Encrypts web pages",
                                    "Speeds up Wi-Fi",
                                    "Stores your passwords",
                                ),
                                explanation="The Domain Name System maps names "
                                "such as example.org to the addresses computers "
                                "use.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "The web",
                "HTTP, status codes and HTTPS.",
                (
                    Lesson(
                        "HTTP requests",
                        "What your browser asks, and what the server answers.",
                        (
                            "A browser asks for a page with an HTTP request: a "
                            "method such as GET, a path such as /courses/, and "
                            "headers. The server answers with a status code, "
                            "headers of its own and the page itself.",
                            Code(
                                "text",
                                "GET /courses/ HTTP/1.1\n"
                                "Host: lectern.example\n"
                                "Accept: text/html\n"
                                "\n"
                                "HTTP/1.1 200 OK\n"
                                "Content-Type: text/html; charset=utf-8",
                            ),
                            Heading("Status codes"),
                            "Codes in the 200s mean success, the 300s a redirect, "
                            "the 400s a problem with the request (404 not found, "
                            "403 forbidden) and the 500s a problem on the server.",
                        ),
                        (
                            Question(
                                "Which status code means the page was not found?",
                                right=("404",),
                                wrong=("200", "301", "500"),
                                explanation="404 Not Found: the server has nothing "
                                "at that address.",
                            ),
                        ),
                    ),
                    Lesson(
                        "HTTPS and the padlock",
                        "What encryption hides, and what the padlock proves.",
                        (
                            "HTTPS is HTTP sent through an encrypted connection "
                            "(TLS). Anyone between you and the server, on café "
                            "Wi-Fi say, can see that you connected to the site, "
                            "but not which pages you read or what you typed.",
                            Heading("Certificates"),
                            "The padlock also means the site proved its name: it "
                            "presented a certificate for the name in the address "
                            "bar, signed by an authority your browser trusts. It "
                            "says nothing about whether the site is honest, only "
                            "that you reached the address you asked for.",
                            Callout(
                                "info",
                                "Check the address, not just the padlock: a scam "
                                "site can have a valid certificate for its own "
                                "look-alike name.",
                            ),
                        ),
                        (
                            Question(
                                "What does HTTPS keep from others on the network? "
                                "Choose all that apply.",
                                right=(
                                    "The pages you read",
                                    "What you type into forms",
                                ),
                                wrong=("The fact that you connected to the site",),
                                explanation="The contents of the connection are "
                                "encrypted, but which site you connect to stays "
                                "visible to the network.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="How machines learn",
        subject="Computing",
        summary="What machine learning is, how a model learns from examples, "
        "and where it goes wrong.",
        overview=(
            "Machine learning sorts your email, recommends your next song and "
            "reads handwriting. Understand how a model learns from examples, "
            "how we know whether it learned anything, and why it can be wrong "
            "or unfair. No programming or advanced mathematics needed.",
        ),
        level="intermediate",
        hours=4,
        access_level="members",
        modules=(
            Module(
                "Learning from examples",
                "Training, testing and neural networks.",
                (
                    Lesson(
                        "Rules versus examples",
                        "Instead of writing rules, show the computer examples.",
                        (
                            "A traditional program follows rules a person wrote: "
                            "if the email contains these words, mark it as spam. "
                            "Machine learning turns this around: you give the "
                            "computer many examples labelled “spam” or “not spam”, "
                            "and it finds the rules itself.",
                            Heading("Training and testing"),
                            "The examples a model learns from are its training "
                            "data. To know whether it learned something general "
                            "rather than memorising, you keep some examples aside, "
                            "the test set, and measure how well it does on data it "
                            "has never seen.",
                        ),
                        (
                            Question(
                                "Why keep a test set aside?",
                                right=(
                                    "To measure the model on examples it has not seen",
                                ),
                                wrong=(
                                    "To train the model faster",
                                    "To store the model",
                                    "To label the training data",
                                ),
                                explanation="A model can score perfectly on data "
                                "it memorised; only unseen examples show whether "
                                "it generalises.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Neural networks",
                        "Layers of simple units whose weights are adjusted.",
                        (
                            "A neural network is a stack of layers of simple "
                            "units. Each unit multiplies its inputs by weights, "
                            "adds them up and passes the result on; training "
                            "nudges the weights, a little at a time, so that the "
                            "network's answers come closer to the right ones.",
                            Embed(
                                "https://www.youtube.com/watch?v=aircAruvnKk",
                                "3Blue1Brown: But what is a neural network?",
                            ),
                            Heading("Learning is adjusting"),
                            "After each batch of examples, the network measures "
                            "its error with a loss function and works out, for "
                            "every weight, which direction would reduce it. "
                            "Repeating this step, gradient descent, thousands of "
                            "times is what training means.",
                        ),
                        (
                            Question(
                                "What changes when a neural network is trained?",
                                right=("The weights of its connections",),
                                wrong=(
                                    "The number of its inputs",
                                    "The training data",
                                    "The programming language",
                                ),
                                explanation="Training adjusts the weights to "
                                "reduce the error on the training examples.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Limits",
                "When models go wrong.",
                (
                    Lesson(
                        "Overfitting",
                        "Learning the noise along with the signal.",
                        (
                            "A model that fits its training data too closely "
                            "learns the noise along with the signal: it scores "
                            "well on examples it has seen and badly on new ones. "
                            "This is <b>overfitting</b>, like a student who "
                            "memorised last year's answers.",
                            Heading("Keeping models general"),
                            "More varied data, simpler models and stopping "
                            "training when the test score stops improving all "
                            "help. The gap between the training and test scores "
                            "is the sign to watch.",
                        ),
                        (
                            Question(
                                "A model scores 99% on its training data and 60% "
                                "on new data. What is the likely problem?",
                                right=("Overfitting",),
                                wrong=(
                                    "Underfitting",
                                    "Too much test data",
                                    "A slow computer",
                                ),
                                explanation="A large gap between training and test "
                                "scores is the classic sign of overfitting.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Bias in, bias out",
                        "Models learn the unfairness in their data too.",
                        (
                            "A model learns whatever patterns its data contain, "
                            "unfair ones included. A hiring model trained on past "
                            "decisions can learn to repeat past discrimination, "
                            "though no one told it to.",
                            Heading("Questions to ask"),
                            "<ul><li>Who is in the data, and who is missing?</li>"
                            "<li>How were the labels decided, and by whom?</li>"
                            "<li>How does the model do for each group, not just on "
                            "average?</li></ul>",
                        ),
                        (
                            Question(
                                "Which steps help find unfair behaviour in a "
                                "model? Choose all that apply.",
                                right=(
                                    "Measure its accuracy for each group separately",
                                    "Check who is missing from the training data",
                                ),
                                wrong=("Report only its overall accuracy",),
                                explanation="An overall average can hide a model "
                                "that fails one group; look group by group, and at "
                                "who the data covers.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    # Science
    Course(
        title="Introduction to chemistry",
        subject="Science",
        summary="Atoms, reactions and the chemistry of the kitchen.",
        overview=(
            "What is everything made of, and what happens when things burn, "
            "rust or rise in the oven? Meet atoms, elements and compounds, "
            "read chemical formulas and see reactions at work in your kitchen.",
        ),
        hours=4,
        availability="coming_soon",
        modules=(
            Module(
                "Atoms and elements",
                "The building blocks of everything.",
                (
                    Lesson(
                        "What everything is made of",
                        "Atoms, elements and the periodic table.",
                        (
                            "Everything around you is made of atoms, far too small "
                            "to see: a single grain of salt holds about a billion "
                            "billion of them. An <b>element</b> is a substance "
                            "made of one kind of atom, such as carbon, oxygen or "
                            "gold. The 118 known elements are arranged in the "
                            "periodic table.",
                            Heading("Inside the atom"),
                            "An atom has a tiny nucleus of protons and neutrons, "
                            "surrounded by electrons. The number of protons, the "
                            "atomic number, decides which element it is: every "
                            "atom with 6 protons is carbon.",
                        ),
                        (
                            Question(
                                "What decides which element an atom belongs to?",
                                right=("The number of protons",),
                                wrong=(
                                    "The number of neutrons",
                                    "Its size",
                                    "Its temperature",
                                ),
                                explanation="The atomic number, the count of "
                                "protons, defines the element.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Molecules and compounds",
                        "Atoms join up, and formulas count them.",
                        (
                            "Atoms join into molecules: two hydrogen atoms and one "
                            "oxygen atom make a molecule of water, H₂O. A "
                            "<b>compound</b> is made of two or more elements "
                            "joined chemically, and it can behave nothing like "
                            "them: sodium is a metal that fizzes in water and "
                            "chlorine a poisonous gas, yet together they make "
                            "table salt, NaCl.",
                            Heading("Reading formulas"),
                            "In a formula, the small number after a symbol counts "
                            "the atoms of that element. CO₂, carbon dioxide, has "
                            "one carbon and two oxygen atoms; C₆H₁₂O₆, glucose, "
                            "has six carbon, twelve hydrogen and six oxygen atoms.",
                        ),
                        (
                            Question(
                                "How many atoms are in one molecule of CO₂?",
                                right=("3",),
                                wrong=("2", "1", "4"),
                                explanation="One carbon atom and two oxygen atoms: "
                                "three in all.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Reactions",
                "Atoms rearranged into new substances.",
                (
                    Lesson(
                        "Chemical reactions",
                        "New substances, with the same atoms.",
                        (
                            "In a chemical reaction, atoms rearrange into new "
                            "substances. When methane burns, "
                            "CH₄ + 2O₂ → CO₂ + 2H₂O: every atom on the left "
                            "appears again on the right, differently combined. "
                            "Atoms are neither created nor destroyed.",
                            Heading("Signs of a reaction"),
                            "A change of colour, a gas given off, heat or light, "
                            "or a solid forming in a liquid all suggest a "
                            "reaction. Melting ice is not one: water stays water, "
                            "only its state changes.",
                        ),
                        (
                            Question(
                                "Which of these is a chemical change?",
                                right=("Toasting bread",),
                                wrong=(
                                    "Melting butter",
                                    "Dissolving sugar in tea",
                                    "Freezing water",
                                ),
                                explanation="Toasting makes new substances, the "
                                "brown crust; the others change state or mix "
                                "without making new substances.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Acids and bases in the kitchen",
                        "The pH scale, and why cakes rise.",
                        (
                            "Lemon juice and vinegar are acids; baking soda is a "
                            "base. The pH scale runs from 0 to 14: below 7 is "
                            "acidic, 7 is neutral, like pure water, and above 7 is "
                            "basic.",
                            Heading("Why cakes rise"),
                            "Mix baking soda with an acid, such as buttermilk or "
                            "lemon juice, and they react to give off carbon "
                            "dioxide. The bubbles of gas, trapped in the batter, "
                            "make the cake rise as it bakes.",
                            Callout(
                                "tip",
                                "Try it: a spoonful of baking soda in a glass of "
                                "vinegar fizzes at once. The bubbles are carbon "
                                "dioxide.",
                            ),
                        ),
                        (
                            Question(
                                "A liquid has a pH of 3. What is it?",
                                right=("Acidic",),
                                wrong=("Neutral", "Basic"),
                                explanation="Anything below pH 7 is acidic.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Physics of everyday things",
        subject="Science",
        summary="Why bikes stay up, kettles boil and rainbows appear after rain.",
        overview=(
            "Physics explains the ordinary things you see every day. Use "
            "Newton's laws on a bicycle, follow the heat in a kettle and find "
            "out where to look for a rainbow.",
        ),
        hours=5,
        access_level="purchase",
        price=Decimal("1500.00"),
        currency="KES",
        modules=(
            Module(
                "Forces and motion",
                "Newton's laws, on two wheels.",
                (
                    Lesson(
                        "Newton's laws on a bicycle",
                        "Why things keep moving, and what a force does.",
                        (
                            "An object keeps moving at the same speed in the same "
                            "direction unless a force acts on it: that is Newton's "
                            "first law. When you stop pedalling, your bike slows "
                            "because friction and air resistance push against it, "
                            "not because motion naturally runs out.",
                            Heading("Force, mass and acceleration"),
                            "Newton's second law says force = mass × acceleration. "
                            "A push gets an empty shopping trolley moving quickly; "
                            "the same push on a full one gives less acceleration, "
                            "because the mass is larger.",
                        ),
                        (
                            Question(
                                "The same force pushes two carts. Cart B has twice "
                                "the mass of cart A. How does B's acceleration "
                                "compare with A's?",
                                right=("It is half",),
                                wrong=(
                                    "It is double",
                                    "It is the same",
                                    "It is four times",
                                ),
                                explanation="a = F/m: with the same force and "
                                "twice the mass, the acceleration halves.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Why bikes stay up",
                        "Steering into the lean.",
                        (
                            "A moving bike is much easier to balance than one "
                            "standing still. When it starts to lean, the rider, "
                            "and the design of the bike itself, turn the front "
                            "wheel towards the lean, which brings the wheels back "
                            "under the centre of mass.",
                            Heading("Gyroscopes are not the whole story"),
                            "The spinning wheels help a little, but experimental "
                            "bikes whose gyroscopic effect was cancelled still "
                            "balanced themselves. The geometry of the fork and the "
                            "distribution of mass matter more.",
                        ),
                        (
                            Question(
                                "What mainly keeps a moving bike upright?",
                                right=("Steering the front wheel into the lean",),
                                wrong=(
                                    "The weight of the frame",
                                    "The air in the tyres",
                                    "The chain",
                                ),
                                explanation="Turning towards the lean moves the "
                                "wheels back under the centre of mass.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Heat and light",
                "Kettles and rainbows.",
                (
                    Lesson(
                        "How a kettle boils water",
                        "Convection, and the energy it takes.",
                        (
                            "A kettle's element turns electrical energy into heat, "
                            "and the water nearest it warms first. Warm water is "
                            "less dense, so it rises while cooler water sinks to "
                            "take its place: convection currents stir the whole "
                            "kettle without a spoon.",
                            Heading("Why boiling takes time"),
                            "Warming 1 kg of water by 1 °C takes about 4,200 "
                            "joules, so heating a litre from 20 °C to 100 °C needs "
                            "about 336,000 J. A 2,000-watt kettle supplies 2,000 J "
                            "a second: nearly three minutes, a little more in "
                            "practice because some heat escapes.",
                            Figure(
                                (
                                    "4,200 J x 80 °C = 336,000 J",
                                    "336,000 J / 2,000 W = 168 s",
                                ),
                                "The energy to heat a litre of water by 80 degrees, "
                                "and the time a 2,000-watt kettle takes.",
                            ),
                        ),
                        (
                            Question(
                                "Why does warm water rise in a kettle?",
                                right=("It is less dense than the cooler water",),
                                wrong=(
                                    "The element pushes it up",
                                    "The steam pulls it up",
                                    "It is heavier than cold water",
                                ),
                                explanation="Heated water expands, becomes less "
                                "dense and floats up: convection.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Rainbows",
                        "Light bent and reflected in raindrops.",
                        (
                            "Sunlight is a mix of colours. When it enters a "
                            "raindrop it bends (refracts), reflects off the back "
                            "of the drop and bends again on the way out. Each "
                            "colour bends by a slightly different amount, so the "
                            "colours fan out.",
                            Heading("Where to look"),
                            "A rainbow always appears opposite the sun, in an arc "
                            "about 42° around the point directly opposite it. "
                            "That is why rainbows show in the morning or late "
                            "afternoon, when the sun is low behind you and rain is "
                            "falling in front.",
                        ),
                        (
                            Question(
                                "Where is the sun when you see a rainbow?",
                                right=("Behind you",),
                                wrong=(
                                    "In front of you, behind the rain",
                                    "Directly overhead",
                                    "It makes no difference",
                                ),
                                explanation="Rainbows form opposite the sun, so it "
                                "must be behind you.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="The living cell",
        subject="Science",
        summary="Meet the cell: its parts, its energy and how it copies itself.",
        overview=(
            "Every living thing is made of cells. Look inside one, see how "
            "plant and animal cells differ, and find out how cells release "
            "energy and divide.",
        ),
        modules=(
            Module(
                "Cells and their parts",
                "The unit of life, and what is inside it.",
                (
                    Lesson(
                        "The unit of life",
                        "Cell theory, and how cells were discovered.",
                        (
                            "Every living thing is made of cells, from bacteria "
                            "that are a single cell to people made of tens of "
                            "trillions. Cells come only from other cells, by "
                            "division: this is cell theory, one of the "
                            "foundations of biology.",
                            Heading("Seeing cells"),
                            "Most cells are between 1 and 100 micrometres across, "
                            "too small to see without a microscope. Robert Hooke "
                            "named them in 1665 after looking at thin slices of "
                            "cork, whose little compartments reminded him of the "
                            "cells of a monastery.",
                        ),
                        (
                            Question(
                                "Where do new cells come from?",
                                right=("Existing cells dividing",),
                                wrong=("Non-living matter", "The air", "Food"),
                                explanation="Cell theory: every cell comes from a "
                                "cell that existed before it.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Inside a cell",
                        "Membrane, nucleus, mitochondria, and what plants add.",
                        (
                            "A membrane surrounds every cell and controls what "
                            "goes in and out. In plant and animal cells, the "
                            "nucleus holds the DNA, mitochondria release energy "
                            "from food and ribosomes build proteins.",
                            Heading("Plants have extras"),
                            "Plant cells also have a rigid wall of cellulose, a "
                            "large vacuole full of sap that keeps them firm, and "
                            "chloroplasts, where photosynthesis turns light, water "
                            "and carbon dioxide into sugar.",
                        ),
                        (
                            Question(
                                "Which parts are found in plant cells but not in "
                                "animal cells? Choose all that apply.",
                                right=("A cell wall", "Chloroplasts"),
                                wrong=("A nucleus", "A cell membrane"),
                                explanation="Both kinds of cell have a nucleus and "
                                "a membrane; only plant cells have a cellulose "
                                "wall and chloroplasts.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Energy and growth",
                "Respiration and division.",
                (
                    Lesson(
                        "Respiration",
                        "How cells release energy from food.",
                        (
                            "Cells release energy from glucose by respiration: "
                            "glucose + oxygen → carbon dioxide + water, with "
                            "energy released. It happens in the mitochondria, all "
                            "the time, in plants as well as animals.",
                            Heading("Without oxygen"),
                            "When oxygen runs short, in a sprint for example, "
                            "muscle cells switch to anaerobic respiration, which "
                            "releases much less energy and makes lactic acid. "
                            "Yeast makes alcohol and carbon dioxide instead, which "
                            "is how bread rises.",
                        ),
                        (
                            Question(
                                "Which gas do cells give off in respiration?",
                                right=("Carbon dioxide",),
                                wrong=("Oxygen", "Nitrogen", "Hydrogen"),
                                explanation="Glucose and oxygen are used up; "
                                "carbon dioxide and water are produced.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Cell division",
                        "Mitosis for growth, meiosis for eggs and sperm.",
                        (
                            "To grow and repair, your body makes new cells by "
                            "<b>mitosis</b>: a cell copies its DNA and splits into "
                            "two identical cells. A cut on your finger heals this "
                            "way.",
                            Heading("Making sex cells"),
                            "Eggs and sperm are made by a different division, "
                            "<b>meiosis</b>, which halves the number of "
                            "chromosomes: human body cells have 46, sex cells 23. "
                            "When an egg and a sperm join, the new cell has 46 "
                            "again, half from each parent.",
                        ),
                        (
                            Question(
                                "How many chromosomes does a human sperm cell have?",
                                right=("23",),
                                wrong=("46", "92", "12"),
                                explanation="Meiosis halves the 46 chromosomes of "
                                "a body cell to 23.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Earth's climate explained",
        subject="Science",
        summary="Weather and climate, the greenhouse effect, and how we know "
        "the planet is warming.",
        overview=(
            "Understand what sets the climate, how greenhouse gases trap heat, "
            "what the evidence for warming is and which changes cut emissions "
            "the most.",
        ),
        access_level="email",
        modules=(
            Module(
                "How the climate works",
                "Weather, climate and the greenhouse effect.",
                (
                    Lesson(
                        "Weather and climate",
                        "Today's sky versus the pattern of decades.",
                        (
                            "Weather is what the atmosphere does today: rain, "
                            "wind, a heatwave. Climate is the pattern of weather "
                            "over decades, a place's typical temperatures and "
                            "rainfall. A cold week does not disprove a warming "
                            "climate, any more than one sunny day makes a summer.",
                            Heading("Why places differ"),
                            "Sunlight strikes the equator more directly than the "
                            "poles, so the tropics receive more energy per square "
                            "metre. Oceans store heat and release it slowly, which "
                            "is why coastal towns have milder winters than inland "
                            "ones at the same latitude.",
                        ),
                        (
                            Question(
                                "Which is a statement about climate rather than "
                                "weather?",
                                right=("July in Nairobi is usually cool and dry",),
                                wrong=(
                                    "It will rain this afternoon",
                                    "Yesterday was windy",
                                    "A storm is coming tonight",
                                ),
                                explanation="Climate describes typical conditions "
                                "over many years; the others describe particular "
                                "days.",
                            ),
                        ),
                    ),
                    Lesson(
                        "The greenhouse effect",
                        "How some gases keep the Earth warm, and warmer.",
                        (
                            "The Earth absorbs sunlight and gives off heat as "
                            "infrared radiation. Gases such as carbon dioxide, "
                            "methane and water vapour absorb some of that "
                            "infrared and send part of it back down, keeping the "
                            "surface about 33 °C warmer than it would otherwise "
                            "be.",
                            Heading("Turning it up"),
                            "Burning coal, oil and gas has raised the carbon "
                            "dioxide in the air from about 280 parts per million "
                            "before the industrial age to over 420 today. More "
                            "greenhouse gas traps more heat: the average surface "
                            "temperature has risen by about 1.2 °C since the late "
                            "1800s.",
                            Figure(
                                ("CO2: 280 ppm  ->  420 ppm", "1850            today"),
                                "Carbon dioxide in the air: about 280 parts per "
                                "million in 1850, over 420 today.",
                            ),
                        ),
                        (
                            Question(
                                "Which of these is a greenhouse gas?",
                                right=("Methane",),
                                wrong=("Nitrogen", "Oxygen", "Argon"),
                                explanation="Methane absorbs infrared radiation; "
                                "nitrogen, oxygen and argon, most of the air, do "
                                "not.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Evidence and action",
                "How we know, and what helps.",
                (
                    Lesson(
                        "How we know",
                        "Thermometers, ice cores and many lines of evidence.",
                        (
                            "Thermometer records go back to the mid-1800s. For "
                            "earlier times, scientists read natural archives: air "
                            "bubbles trapped in Antarctic ice hold samples of the "
                            "atmosphere from hundreds of thousands of years ago, "
                            "and tree rings and corals record the conditions they "
                            "grew in.",
                            Heading("Many lines of evidence"),
                            "Rising seas, shrinking glaciers and Arctic sea ice, "
                            "earlier springs and warmer oceans all point the same "
                            "way. When independent measurements agree, scientists "
                            "can be confident in the conclusion.",
                        ),
                        (
                            Question(
                                "What do air bubbles in ice cores preserve?",
                                right=("Samples of the ancient atmosphere",),
                                wrong=(
                                    "Ancient rainwater",
                                    "Fossils of plants",
                                    "Volcanic rock",
                                ),
                                explanation="Snow that turned to ice trapped air, "
                                "so each layer holds the atmosphere of its time.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Cutting emissions",
                        "Where greenhouse gases come from, and what cuts them.",
                        (
                            "Most greenhouse gas comes from producing and using "
                            "energy: electricity, heating, transport and industry. "
                            "Switching to low-carbon sources such as solar, wind, "
                            "hydro and nuclear power, and using energy more "
                            "efficiently, cut emissions the most.",
                            Heading("What individuals can do"),
                            "Personal choices add up, above all in travel, home "
                            "heating and food: fewer flights, insulation, public "
                            "transport and less meat all help. Talking about it "
                            "and voting with it in mind help more, because the "
                            "largest cuts need whole systems to change.",
                        ),
                        (
                            Question(
                                "Which are low-carbon sources of electricity? "
                                "Choose all that apply.",
                                right=("Wind", "Solar", "Nuclear"),
                                wrong=("Coal",),
                                explanation="Wind, solar and nuclear power "
                                "generate electricity with very little carbon "
                                "dioxide; coal emits the most of any source.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    # Languages
    Course(
        title="Spanish for travellers",
        subject="Languages",
        summary="Greet people, order food and find your way with the Spanish "
        "you need first.",
        overview=(
            "Learn the Spanish that gets you through a first trip: greetings, "
            "polite words, numbers, ordering in a café and asking the way, with "
            "tips on pronunciation.",
        ),
        hours=4,
        modules=(
            Module(
                "Hello and thank you",
                "Greetings, polite words and numbers.",
                (
                    Lesson(
                        "Greetings",
                        "Hola, buenos días and how are you.",
                        (
                            "Start with <i>hola</i> (hello) at any time of day. "
                            "For a politer greeting, say <i>buenos días</i> in the "
                            "morning, <i>buenas tardes</i> in the afternoon and "
                            "<i>buenas noches</i> in the evening and at night.",
                            Heading("How are you?"),
                            "Ask <i>¿Qué tal?</i> (how are things?) or, more "
                            "formally, <i>¿Cómo está usted?</i>, and answer "
                            "<i>bien, gracias</i> (fine, thanks). Spanish questions "
                            "and exclamations open with an upside-down mark: ¿…? "
                            "and ¡…!",
                            Callout(
                                "tip", "The h in <i>hola</i> is silent: say “OH-la”."
                            ),
                        ),
                        (
                            Question(
                                "Which greeting fits at three in the afternoon?",
                                right=("Buenas tardes",),
                                wrong=("Buenos días", "Buenas noches", "Adiós"),
                                explanation="Buenas tardes is used from midday "
                                "until the evening.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Please, thank you and numbers",
                        "Polite words, and counting to ten.",
                        (
                            "<i>Por favor</i> means please, <i>gracias</i> thank "
                            "you and <i>de nada</i> you're welcome. <i>Perdón</i> "
                            "or <i>disculpe</i> politely gets someone's attention.",
                            Heading("One to ten"),
                            "<i>uno, dos, tres, cuatro, cinco, seis, siete, ocho, "
                            "nueve, diez</i>. You will need them for prices, times "
                            "and platforms: <i>son cinco euros</i>, that's five "
                            "euros.",
                            Figure(
                                (
                                    "uno  dos  tres  cuatro  cinco",
                                    "seis  siete  ocho  nueve  diez",
                                ),
                                "The Spanish numbers from one to ten.",
                            ),
                        ),
                        (
                            Question(
                                "How do you say “seven” in Spanish?",
                                right=("siete",),
                                wrong=("seis", "nueve", "diez"),
                                explanation="uno, dos, tres, cuatro, cinco, seis, "
                                "siete: seven is siete.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Getting around",
                "At the café, and finding the way.",
                (
                    Lesson(
                        "At the café",
                        "Order, and ask for the bill.",
                        (
                            "To order, say <i>quisiera…</i> (I would like…) or "
                            "simply name the thing and add <i>por favor</i>: "
                            "<i>un café con leche, por favor</i>. Ask for the bill "
                            "with <i>la cuenta, por favor</i>.",
                            Heading("Useful words"),
                            "<ul><li><i>agua</i>: water</li><li><i>pan</i>: "
                            "bread</li><li><i>la carta</i>: the menu</li>"
                            "<li><i>¿Cuánto cuesta?</i>: how much is it?</li></ul>",
                        ),
                        (
                            Question(
                                "What do you ask for to get the bill?",
                                right=("La cuenta",),
                                wrong=("La carta", "El agua", "El pan"),
                                explanation="La cuenta is the bill; la carta is "
                                "the menu.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Asking the way",
                        "Where is…? Left, right and straight on.",
                        (
                            "<i>¿Dónde está la estación?</i> means “Where is the "
                            "station?”. Swap <i>la estación</i> for what you need: "
                            "<i>el baño</i> (the toilet), <i>el hotel</i>, "
                            "<i>la playa</i> (the beach).",
                            Heading("Understanding the answer"),
                            "Listen for <i>a la derecha</i> (on the right), "
                            "<i>a la izquierda</i> (on the left), <i>todo recto</i> "
                            "(straight on) and <i>cerca</i> or <i>lejos</i> (near "
                            "or far). If it is too fast, <i>más despacio, por "
                            "favor</i> asks for it more slowly.",
                        ),
                        (
                            Question(
                                "Someone tells you “a la izquierda”. Which way do "
                                "you go?",
                                right=("Left",),
                                wrong=("Right", "Straight on", "Back"),
                                explanation="Izquierda is left; derecha is right.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Swahili for beginners",
        subject="Languages",
        summary="Greet, introduce yourself, count and shop in Kiswahili, the "
        "language of East Africa.",
        overview=(
            "Kiswahili is spoken by well over a hundred million people in "
            "Kenya, Tanzania, Uganda and beyond. Learn the greetings that open "
            "every conversation, introduce yourself, count, tell the time the "
            "Swahili way and shop at the market.",
        ),
        hours=4,
        access_level="members",
        modules=(
            Module(
                "Salamu: greetings",
                "Greetings, introductions and thanks.",
                (
                    Lesson(
                        "Jambo and habari",
                        "The greetings you will hear every day.",
                        (
                            "<i>Jambo</i> is the greeting visitors hear first, but "
                            "among Swahili speakers <i>Habari?</i>, literally "
                            "“news?”, is more common: <i>Habari yako?</i> asks how "
                            "you are. The usual answer is <i>nzuri</i> (good) or "
                            "<i>salama</i> (peaceful, fine).",
                            Heading("Respect for elders"),
                            "Greet an older person with <i>Shikamoo</i>, a "
                            "respectful greeting; they answer <i>Marahaba</i>. "
                            "Greetings matter in East Africa: take time over them "
                            "before getting to business.",
                        ),
                        (
                            Question(
                                "Someone asks “Habari yako?”. What is a natural "
                                "answer?",
                                right=("Nzuri",),
                                wrong=("Shikamoo", "Kwa heri", "Karibu"),
                                explanation="Nzuri means good. Shikamoo greets an "
                                "elder, kwa heri means goodbye and karibu welcome.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Introducing yourself",
                        "Your name, where you are from, thanks and goodbye.",
                        (
                            "<i>Jina langu ni Amina</i> means “My name is Amina”. "
                            "Ask someone's name with <i>Jina lako ni nani?</i>, "
                            "and say where you come from with <i>Ninatoka "
                            "Kenya</i>, I come from Kenya.",
                            Heading("Thanks and goodbye"),
                            "<i>Asante</i> means thank you and <i>asante sana</i> "
                            "thank you very much; the reply is <i>karibu</i>, "
                            "which also welcomes a guest. Say goodbye with <i>kwa "
                            "heri</i>, or <i>kwa herini</i> to several people.",
                        ),
                        (
                            Question(
                                "How do you say “thank you very much”?",
                                right=("Asante sana",),
                                wrong=("Karibu sana", "Kwa heri", "Habari sana"),
                                explanation="Asante is thank you; sana means very.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Numbers and the market",
                "Counting, the time and shopping.",
                (
                    Lesson(
                        "Counting and the time",
                        "One to ten, and a clock that starts at sunrise.",
                        (
                            "<i>moja, mbili, tatu, nne, tano, sita, saba, nane, "
                            "tisa, kumi</i>: one to ten. Eleven is <i>kumi na "
                            "moja</i>, ten and one; twenty is <i>ishirini</i>.",
                            Figure(
                                (
                                    "moja  mbili  tatu  nne  tano",
                                    "sita  saba  nane  tisa  kumi",
                                ),
                                "The Swahili numbers from one to ten.",
                            ),
                            Heading("Swahili time"),
                            "Swahili time counts the hours from sunrise, about "
                            "7 a.m., so 7 a.m. is <i>saa moja asubuhi</i>, the "
                            "first hour of the morning. To convert, add or "
                            "subtract six hours: 10 a.m. is <i>saa nne "
                            "asubuhi</i>.",
                        ),
                        (
                            Question(
                                "What time is “saa mbili asubuhi” on a standard clock?",
                                right=("8 a.m.",),
                                wrong=("2 a.m.", "2 p.m.", "7 a.m."),
                                explanation="Saa mbili is the second hour after "
                                "sunrise: add six hours to 2 to get 8 a.m.",
                            ),
                        ),
                    ),
                    Lesson(
                        "At the market",
                        "Ask the price, bargain and say what you want.",
                        (
                            "Ask the price with <i>Bei gani?</i> (what price?) or "
                            "<i>Ni shilingi ngapi?</i> (how many shillings?). If "
                            "it is too much, <i>ghali sana!</i> (very expensive!) "
                            "opens the bargaining, and <i>punguza kidogo</i> asks "
                            "for a little off.",
                            Heading("Wanting and counting"),
                            "<i>Nataka</i> means I want: <i>nataka maembe "
                            "matatu</i>, I want three mangoes. The number comes "
                            "after the noun and changes to match it: "
                            "<i>matatu</i>, not <i>tatu</i>, with <i>maembe</i>.",
                        ),
                        (
                            Question(
                                "What does “Bei gani?” ask?",
                                right=("The price",),
                                wrong=("The time", "Someone's name", "The way"),
                                explanation="Bei is price, and gani means which or "
                                "what.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="French pronunciation",
        subject="Languages",
        summary="Silent letters, nasal vowels and liaison: sound natural from "
        "your first sentence.",
        overview=(
            "French spelling looks unpredictable until you know its rules. "
            "Learn which letters are silent, how nasal vowels work, when words "
            "link together and how French rhythm differs from English.",
        ),
        access_level="purchase",
        price=Decimal("19.00"),
        currency="USD",
        modules=(
            Module(
                "Sounds",
                "Silent letters and nasal vowels.",
                (
                    Lesson(
                        "Silent letters",
                        "Which final letters you hear, and which you don't.",
                        (
                            "Most final consonants in French are silent: "
                            "<i>petit</i> sounds like “puh-TEE” and <i>Paris</i> "
                            "like “pa-REE”. C, R, F and L are usually heard at the "
                            "end of a word, as in <i>avec</i>, <i>bonjour</i>, "
                            "<i>neuf</i> and <i>il</i>: English speakers remember "
                            "them as the consonants of CaReFuL.",
                            Heading("The final e"),
                            "A final e is usually silent too, but it makes the "
                            "consonant before it heard: <i>petit</i> ends in a "
                            "vowel sound, <i>petite</i> in a clear t.",
                        ),
                        (
                            Question(
                                "In which word is the final consonant pronounced?",
                                right=("avec",),
                                wrong=("petit", "Paris", "grand"),
                                explanation="C is one of the CaReFuL letters, "
                                "usually heard at the end of a word.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Nasal vowels",
                        "Vowels spoken partly through the nose.",
                        (
                            "French has vowels spoken partly through the nose. "
                            "They are spelt with a vowel followed by n or m: "
                            "<i>an</i> and <i>en</i> as in <i>enfant</i>, "
                            "<i>on</i> as in <i>bon</i>, <i>in</i> as in "
                            "<i>vin</i>. The n itself is not pronounced.",
                            Heading("When it is not nasal"),
                            "If the n or m is doubled or followed by a vowel, the "
                            "vowel is not nasal: <i>bon</i> is nasal but "
                            "<i>bonne</i> is not, and <i>fin</i> is nasal but "
                            "<i>fine</i> is not.",
                        ),
                        (
                            Question(
                                "Which word has a nasal vowel?",
                                right=("vin",),
                                wrong=("bonne", "fine", "année"),
                                explanation="In vin the n ends the word, so the "
                                "vowel is nasal; in the others the n is doubled or "
                                "followed by a vowel.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Linking words",
                "Liaison and rhythm.",
                (
                    Lesson(
                        "Liaison",
                        "Silent consonants that come back to life.",
                        (
                            "A silent final consonant comes back to life when the "
                            "next word starts with a vowel: <i>les amis</i> sounds "
                            "like “lay-zah-MEE”. This is liaison, and it is "
                            "compulsory after articles and pronouns: <i>vous "
                            "avez</i>, <i>un enfant</i>.",
                            Heading("S and x sound like z"),
                            "In liaison, s and x sound like z (<i>deux heures</i>, "
                            "“duh-ZUR”), d sounds like t (<i>un grand homme</i>) "
                            "and n joins the next vowel (<i>un an</i>).",
                        ),
                        (
                            Question(
                                "How does “les amis” sound?",
                                right=("lay-zah-mee",),
                                wrong=("less-ah-mee", "lay-ah-mee", "lez-ah-miss"),
                                explanation="The s of les is pronounced as a z and "
                                "joined to amis.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Rhythm and stress",
                        "Even syllables, and a lift at the end of each group.",
                        (
                            "English stresses some syllables strongly; French "
                            "gives each syllable about the same weight, slightly "
                            "lengthening the last syllable of each group of words. "
                            "<i>Restaurant</i> in French is “res-to-RAN”, evenly "
                            "spaced.",
                            Heading("Practise with phrases"),
                            "Read whole phrases rather than single words, because "
                            "liaison and stress work across words: <i>Je voudrais "
                            "un café, s'il vous plaît</i> flows as one stream, "
                            "ending on “plaît”.",
                        ),
                        (
                            Question(
                                "Where does French put the stress in a group of words?",
                                right=("On its last syllable",),
                                wrong=(
                                    "On its first syllable",
                                    "On its longest word",
                                    "Anywhere, as in English",
                                ),
                                explanation="French lengthens the final syllable of "
                                "each group of words.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Writing clear English",
        subject="Languages",
        summary="Short sentences, plain words and a reader in mind: write "
        "emails and reports people finish.",
        overview=(
            "Clear writing is a skill, not a gift. Learn to build sentences "
            "readers follow at first reading, choose plain words, cut what "
            "adds nothing and organise a message so that busy people act on it.",
        ),
        level="intermediate",
        modules=(
            Module(
                "Sentences",
                "One idea at a time, doer first.",
                (
                    Lesson(
                        "One idea per sentence",
                        "Sentence length, and getting to the verb.",
                        (
                            "A reader holds only so much in mind before a sentence "
                            "ends. Aim for sentences of 15 to 20 words on average, "
                            "each carrying one main idea. Vary the length, though: "
                            "a short sentence after long ones lands with force.",
                            Heading("Subject and verb early"),
                            "“The committee, after considering the proposals sent "
                            "by three departments over the previous month, "
                            "decided…” makes readers wait for the verb. “The "
                            "committee decided…, after considering…” gives them "
                            "the point first.",
                        ),
                        (
                            Question(
                                "Which sentence gives the reader the point first?",
                                right=("We cancelled the trip because of the storm.",),
                                wrong=(
                                    "Because of the storm, which had been forecast "
                                    "for days, the trip was cancelled by us.",
                                    "The trip, owing to the storm, was, by us, "
                                    "cancelled.",
                                ),
                                explanation="The subject and verb come first, and "
                                "the reason follows.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Active and passive",
                        "Say who did what.",
                        (
                            "In the active voice, the doer comes first: “The "
                            "manager approved the budget.” In the passive, the "
                            "thing done comes first and the doer is optional: "
                            "“The budget was approved.” The active is usually "
                            "shorter and says clearly who did what.",
                            Heading("When the passive is right"),
                            "Use the passive when the doer is unknown or does not "
                            "matter (“The bridge was built in 1890”), or to keep "
                            "the focus on the thing (“Your application has been "
                            "received”).",
                        ),
                        (
                            Question(
                                "Which sentence is in the active voice?",
                                right=("The teacher marked the essays.",),
                                wrong=(
                                    "The essays were marked.",
                                    "The essays were marked by the teacher.",
                                    "Marking of the essays was done.",
                                ),
                                explanation="The doer, the teacher, is the subject "
                                "and acts on the essays.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Words and structure",
                "Plain words, and a message organised for its reader.",
                (
                    Lesson(
                        "Plain words",
                        "Short, familiar words, and nothing extra.",
                        (
                            "Prefer the short, familiar word: “use” rather than "
                            "“utilise”, “help” rather than “facilitate”, “about” "
                            "rather than “with regard to”. Plain words are not "
                            "less educated; they are faster to read and harder to "
                            "misunderstand.",
                            Heading("Cut what adds nothing"),
                            "“In order to” is “to”, “at this point in time” is "
                            "“now” and “completely finished” is “finished”. Read "
                            "your draft and delete every word the sentence does "
                            "not miss.",
                        ),
                        (
                            Question(
                                "What is the plainest way to say “at this point in "
                                "time”?",
                                right=("now",),
                                wrong=(
                                    "currently at present",
                                    "at the present moment in time",
                                    "presently ongoing",
                                ),
                                explanation="“Now” says the same in one word.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Structure for readers",
                        "The point first; headings and lists for scanning.",
                        (
                            "Put the conclusion or the request first, then the "
                            "reasons. Busy readers may read only the first lines: "
                            "make sure those lines say what you need them to know "
                            "or do.",
                            Heading("Headings and lists"),
                            "Break long text with headings that say what each part "
                            "is about, and turn steps or options into lists. A "
                            "reader looking for one detail should find it without "
                            "reading everything.",
                            Callout(
                                "tip",
                                "Write an email's subject line last, once you know "
                                "exactly what it asks: “Approve the May budget by "
                                "Friday” beats “Budget”.",
                            ),
                        ),
                        (
                            Question(
                                "Which of these make a long email easier to act "
                                "on? Choose all that apply.",
                                right=(
                                    "The request in the first lines",
                                    "A specific subject line",
                                ),
                                wrong=(
                                    "All the background before the request",
                                    "Every detail in one long paragraph",
                                ),
                                explanation="Readers act on what they see first; "
                                "background belongs after the request.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    # Music
    Course(
        title="Reading music",
        subject="Music",
        summary="Staff, clefs, notes and rests: read a simple melody in an afternoon.",
        overview=(
            "Written music is a map of pitch and time. Learn the staff and the "
            "treble and bass clefs, how long each note and rest lasts, and how "
            "time signatures group the beats.",
        ),
        modules=(
            Module(
                "The staff",
                "Lines, spaces and clefs.",
                (
                    Lesson(
                        "Lines and spaces",
                        "The staff and the treble clef.",
                        (
                            "Music is written on a staff of five lines. Each line "
                            "and each space is a note, and the higher on the "
                            "staff, the higher the pitch. The clef at the start "
                            "says which notes the lines stand for.",
                            Heading("The treble clef"),
                            "In the treble clef, the lines from bottom to top are "
                            "E, G, B, D and F (Every Good Boy Deserves Fruit), and "
                            "the spaces spell F, A, C, E. Notes beyond the staff "
                            "sit on short ledger lines: middle C is on one just "
                            "below the treble staff.",
                            Figure(
                                ("Lines: E  G  B  D  F", "Spaces: F  A  C  E"),
                                "The treble clef: the lines are E, G, B, D, F and "
                                "the spaces spell FACE.",
                            ),
                        ),
                        (
                            Question(
                                "In the treble clef, which note sits on the bottom "
                                "line?",
                                right=("E",),
                                wrong=("F", "G", "C"),
                                explanation="From the bottom, the lines spell "
                                "E, G, B, D, F.",
                            ),
                        ),
                    ),
                    Lesson(
                        "The bass clef",
                        "The lower staff, and where middle C sits.",
                        (
                            "Low instruments and the pianist's left hand read the "
                            "bass clef. Its lines from bottom to top are G, B, D, "
                            "F and A (Good Boys Do Fine Always), and its spaces A, "
                            "C, E and G (All Cows Eat Grass).",
                            Heading("Middle C joins them"),
                            "Middle C sits on a ledger line just above the bass "
                            "staff and just below the treble staff. Together the "
                            "two staves make the grand staff of piano music.",
                        ),
                        (
                            Question(
                                "In the bass clef, what do the spaces spell from "
                                "bottom to top?",
                                right=("A, C, E, G",),
                                wrong=("F, A, C, E", "G, B, D, F", "E, G, B, D"),
                                explanation="All Cows Eat Grass: A, C, E, G.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Rhythm on the page",
                "Note values, rests and time signatures.",
                (
                    Lesson(
                        "Note values and rests",
                        "How long each note and silence lasts.",
                        (
                            "A note's shape says how long it lasts. In 4/4 time a "
                            "whole note (semibreve) lasts four beats, a half note "
                            "(minim) two, a quarter note (crotchet) one and an "
                            "eighth note (quaver) half a beat: each is half as "
                            "long as the one before.",
                            Heading("Rests"),
                            "Silence is written too. Each note value has a rest of "
                            "the same length: a whole rest hangs below the fourth "
                            "line, a half rest sits on the third. Count rests as "
                            "carefully as notes.",
                        ),
                        (
                            Question(
                                "How many quarter notes last as long as a half note?",
                                right=("2",),
                                wrong=("4", "1", "8"),
                                explanation="A half note lasts two beats; a "
                                "quarter note one.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Time signatures",
                        "Beats in a bar, and which note gets the beat.",
                        (
                            "The two numbers at the start of a piece are its time "
                            "signature. The top number counts the beats in each "
                            "bar; the bottom one says which note gets the beat, 4 "
                            "for a quarter note. So 3/4 has three quarter-note "
                            "beats a bar: the time of a waltz.",
                            Heading("Counting aloud"),
                            "Count “1, 2, 3, 4” steadily and clap on each note, "
                            "tapping your foot on the beats. A steady pulse "
                            "matters more than speed.",
                        ),
                        (
                            Question(
                                "A bar in 4/4 holds a half note and a quarter note. "
                                "What completes it?",
                                right=("One more quarter note or rest",),
                                wrong=("A half note", "A whole note", "Nothing"),
                                explanation="4/4 needs four beats; 2 + 1 = 3, so "
                                "one beat is missing.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Scales and chords",
        subject="Music",
        summary="Build major and minor scales and the chords of a key, and hear "
        "why songs move the way they do.",
        overview=(
            "Scales and chords are the grammar of music. Build any major or "
            "minor scale from its pattern of steps, stack triads, and find the "
            "three chords that carry thousands of songs.",
            "You will get the most from it if you can read notes on a staff or "
            "find them on a keyboard.",
        ),
        level="intermediate",
        hours=4,
        requires=("Reading music",),
        access_level="members",
        modules=(
            Module(
                "Scales",
                "Tones, semitones and keys.",
                (
                    Lesson(
                        "Tones and semitones",
                        "The steps between notes, and the major scale.",
                        (
                            "On a piano, a semitone is the step from one key to "
                            "the very next, black or white; two semitones make a "
                            "tone. E to F and B to C are semitones, because there "
                            "is no black key between them.",
                            Heading("The major scale"),
                            "Every major scale follows the same pattern of steps: "
                            "tone, tone, semitone, tone, tone, tone, semitone. "
                            "Starting on C it uses only the white keys: C D E F G "
                            "A B C.",
                            Figure(
                                (
                                    "C   D   E   F   G   A   B   C",
                                    "  T   T   S   T   T   T   S",
                                ),
                                "The C major scale and its steps: tone, tone, "
                                "semitone, tone, tone, tone, semitone.",
                            ),
                        ),
                        (
                            Question(
                                "What is the pattern of steps in a major scale?",
                                right=("T T S T T T S",),
                                wrong=(
                                    "T S T T S T T",
                                    "T T T S T T S",
                                    "S T T T S T T",
                                ),
                                explanation="Tone, tone, semitone, tone, tone, "
                                "tone, semitone: on C, just the white keys.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Keys and minor scales",
                        "Why G major has an F sharp, and what relative minors are.",
                        (
                            "Start the major pattern on G and you need F sharp "
                            "(F♯) to keep the last step a semitone: G A B C D E F♯ "
                            "G. That is why the key of G major has one sharp.",
                            Heading("Minor scales"),
                            "The natural minor scale runs tone, semitone, tone, "
                            "tone, semitone, tone, tone. A minor uses the same "
                            "notes as C major, starting from A: the two keys are "
                            "relatives, sharing a key signature but with a "
                            "different home note and mood.",
                        ),
                        (
                            Question(
                                "Which sharps does G major have?",
                                right=("F♯ only",),
                                wrong=("None", "F♯ and C♯", "C♯ only"),
                                explanation="The major pattern starting on G needs "
                                "F♯ and nothing else.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Chords",
                "Triads and the chords of a key.",
                (
                    Lesson(
                        "Triads",
                        "Three notes stacked in thirds.",
                        (
                            "A triad is three notes stacked in thirds: a root, the "
                            "note a third above it and the note a fifth above. "
                            "C–E–G is C major. Lower the middle note by a "
                            "semitone, C–E♭–G, and it becomes C minor: bright "
                            "turns sad with one semitone.",
                            Heading("Major and minor thirds"),
                            "From C to E is four semitones, a major third; from C "
                            "to E♭ three, a minor third. A major triad is a major "
                            "third with a minor third on top; a minor triad is the "
                            "other way round.",
                        ),
                        (
                            Question(
                                "Which notes make a C minor triad?",
                                right=("C, E♭, G",),
                                wrong=("C, E, G", "C, F, A", "C, E, G♯"),
                                explanation="C minor: the root C, the minor third "
                                "E♭ and the fifth G.",
                            ),
                        ),
                    ),
                    Lesson(
                        "The chords of a key",
                        "I, IV and V, and the pull towards home.",
                        (
                            "Build a triad on each note of a major scale and you "
                            "have the key's family of chords, numbered in Roman "
                            "numerals. In C major, I is C, IV is F and V is G: all "
                            "three are major chords, and between them they "
                            "accompany thousands of songs.",
                            Heading("Tension and release"),
                            "The V chord pulls towards I: play G, then C, and the "
                            "music sounds finished. Songs build tension by moving "
                            "away from the home chord and release it by coming "
                            "back.",
                        ),
                        (
                            Question(
                                "Which chords of C major are major triads? Choose "
                                "all that apply.",
                                right=("C (I)", "F (IV)", "G (V)"),
                                wrong=("A (vi)",),
                                explanation="In a major key I, IV and V are major; "
                                "the triad on A, vi, is A minor.",
                            ),
                        ),
                    ),
                ),
                requires_previous=True,
            ),
        ),
    ),
    Course(
        title="Keeping time: rhythm for everyone",
        subject="Music",
        summary="Feel the beat, count subdivisions and clap syncopated grooves "
        "with nothing but your hands.",
        overview=(
            "Rhythm is the part of music everyone can play. With only your "
            "hands and a metronome, learn to keep a steady beat, count "
            "subdivisions, place a backbeat and clap syncopated patterns.",
        ),
        hours=2,
        access_level="email",
        modules=(
            Module(
                "Pulse",
                "The beat, tempo and subdivisions.",
                (
                    Lesson(
                        "Finding the beat",
                        "Pulse and tempo, and practising with a metronome.",
                        (
                            "The beat is the steady pulse you tap your foot to. "
                            "Tempo is how fast it goes, in beats per minute (BPM): "
                            "a slow ballad might be 70 BPM, a dance track 125.",
                            Heading("Practise with a metronome"),
                            "A metronome clicks at a chosen tempo. Clap along "
                            "until your claps hide the click, then set it a little "
                            "faster. Slow and steady first: speed follows "
                            "accuracy.",
                        ),
                        (
                            Question(
                                "At 60 BPM, how long is each beat?",
                                right=("One second",),
                                wrong=("Half a second", "Two seconds", "A minute"),
                                explanation="Sixty beats per minute is one beat a "
                                "second.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Subdivisions",
                        "Splitting the beat in two, three and four.",
                        (
                            "Split each beat in two and count “1 and 2 and 3 and 4 "
                            "and”: these are eighth notes. Split it in four, “1 e "
                            "and a”, for sixteenth notes.",
                            Heading("Triplets"),
                            "Splitting a beat into three, “1 trip-let 2 trip-let”, "
                            "gives triplets: the lilting feel of a shuffle or a "
                            "blues.",
                        ),
                        (
                            Question(
                                "Counting “1 e and a”, how many notes fall in each "
                                "beat?",
                                right=("4",),
                                wrong=("2", "3", "8"),
                                explanation="1, e, and, a: four sixteenth notes a "
                                "beat.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Groove",
                "Accents, backbeat and syncopation.",
                (
                    Lesson(
                        "Accents and the backbeat",
                        "Which beats get the weight.",
                        (
                            "Stressing some beats more than others gives a rhythm "
                            "its character. Most pop and rock stresses beats 2 and "
                            "4, the backbeat, usually on a snare drum.",
                            Heading("Try it"),
                            "Pat your thigh on 1 and 3 and clap on 2 and 4, "
                            "counting aloud. You are playing the skeleton of "
                            "countless songs.",
                        ),
                        (
                            Question(
                                "On which beats of a 4/4 bar does a rock backbeat "
                                "fall?",
                                right=("2 and 4",),
                                wrong=("1 and 3", "1 and 2", "Every beat"),
                                explanation="The backbeat is the stress on beats 2 "
                                "and 4.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Syncopation",
                        "Accents where you don't expect them.",
                        (
                            "Syncopation puts accents where you do not expect "
                            "them: on the “and” between beats, or on a note held "
                            "through a strong beat. It gives funk, reggae and "
                            "Latin music their forward push.",
                            Heading("Clapping the clave"),
                            "The 3-2 son clave, the key rhythm of much Cuban "
                            "music, spreads five claps over two bars of 4/4: on 1, "
                            "the “and” of 2 and 4 in the first bar, then on 2 and "
                            "3 in the second. Clap it slowly over a steady count "
                            "until it feels natural.",
                            Figure(
                                (
                                    "1 . & . 2 . & . 3 . & . 4 . & .",
                                    "X . . . . . X . . . . . X . . .",
                                ),
                                "The first bar of the son clave: claps on 1, the "
                                "and of 2, and 4.",
                            ),
                        ),
                        (
                            Question(
                                "What is syncopation?",
                                right=(
                                    "Accenting beats or off-beats you don't expect",
                                ),
                                wrong=(
                                    "Playing faster",
                                    "Playing loudly throughout",
                                    "Counting in threes",
                                ),
                                explanation="Syncopation shifts the stress away "
                                "from the strong beats.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Guitar: your first chords",
        subject="Music",
        summary="Tune up, play E minor, G, C and D, and strum your first song.",
        overview=(
            "Four chords and a steady strum are enough for hundreds of songs. "
            "Hold and tune the guitar, read chord diagrams, learn the open "
            "chords E minor, G, C and D, and strum them in time.",
        ),
        hours=5,
        access_level="purchase",
        price=Decimal("2000.00"),
        currency="KES",
        modules=(
            Module(
                "Getting ready",
                "Holding, tuning and reading chord diagrams.",
                (
                    Lesson(
                        "Holding and tuning",
                        "Posture, fretting and standard tuning.",
                        (
                            "Sit upright with the guitar's body on your right "
                            "thigh (left if you play left-handed) and its neck "
                            "angled slightly up. Press the strings with your "
                            "fingertips just behind the metal frets, not on top of "
                            "them.",
                            Heading("Standard tuning"),
                            "From the thickest string to the thinnest, the open "
                            "strings are E, A, D, G, B and E: “Eddie Ate Dynamite, "
                            "Good Bye Eddie”. A clip-on tuner or a tuning app "
                            "shows whether each string is flat (too low) or sharp "
                            "(too high).",
                        ),
                        (
                            Question(
                                "What is standard tuning, from the thickest string?",
                                right=("E A D G B E",),
                                wrong=("E B G D A E", "A D G C E A", "E A D G C F"),
                                explanation="Eddie Ate Dynamite, Good Bye Eddie: "
                                "E A D G B E.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Reading chord diagrams",
                        "Strings, frets and fingers; your first chord.",
                        (
                            "A chord diagram is a picture of the neck: vertical "
                            "lines are strings, thickest on the left, and "
                            "horizontal lines are frets. Dots show where to press "
                            "and numbers which finger (1 is the index); an O marks "
                            "a string played open and an X a string left out.",
                            Heading("E minor, the easy one"),
                            "E minor takes two fingers: the middle finger on the "
                            "second fret of the A string and the ring finger on "
                            "the second fret of the D string. Strum all six "
                            "strings. Written as tablature, with the thinnest "
                            "string on top:",
                            Code(
                                "text",
                                "e|--0--\nB|--0--\nG|--0--\nD|--2--\nA|--2--\nE|--0--",
                            ),
                        ),
                        (
                            Question(
                                "In a chord diagram, what does an X above a string "
                                "mean?",
                                right=("Leave that string out",),
                                wrong=(
                                    "Play it open",
                                    "Use your index finger",
                                    "Press it at the first fret",
                                ),
                                explanation="X: leave the string out; O: play it open.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Chords and strumming",
                "G, C and D, and a pattern to strum them.",
                (
                    Lesson(
                        "G, C and D",
                        "Three more shapes, and changing between them.",
                        (
                            "With E minor, the chords G, C and D play thousands of "
                            "songs. Learn the shapes one at a time, slowly, and "
                            "check that each string rings clearly by plucking "
                            "them one by one.",
                            Code(
                                "text",
                                "    G  C  D  Em\n"
                                "e|--3--0--2--0--\n"
                                "B|--0--1--3--0--\n"
                                "G|--0--0--2--0--\n"
                                "D|--0--2--0--2--\n"
                                "A|--2--3--x--2--\n"
                                "E|--3--x--x--0--",
                            ),
                            Heading("Changing chords"),
                            "Changing smoothly matters more than any one chord. "
                            "Practise pairs, G to C and C to D, for a minute each, "
                            "and look for fingers that can stay put or slide.",
                        ),
                        (
                            Question(
                                "Which strings do you strum for a D chord?",
                                right=("The four thinnest: D, G, B and E",),
                                wrong=(
                                    "All six",
                                    "The three thickest",
                                    "Only the B string",
                                ),
                                explanation="D is played from the open D string, "
                                "leaving out the low E and A strings.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Strumming patterns",
                        "Keep the hand moving; choose which strokes sound.",
                        (
                            "Strum from the wrist, not the elbow, with a relaxed "
                            "pick or thumb. Start with four down-strums a bar, one "
                            "on each beat, changing chord on beat 1.",
                            Heading("Down, down-up, up-down-up"),
                            "A pattern that suits most songs in 4/4 is down, "
                            "down-up, up-down-up, counted “1, 2 and, and 4 and”. "
                            "Keep your hand moving down and up all the time and "
                            "just miss the strings on the silent strokes.",
                        ),
                        (
                            Question(
                                "What keeps strumming steady?",
                                right=(
                                    "Moving the hand down and up all the time, "
                                    "even when missing the strings",
                                ),
                                wrong=(
                                    "Strumming from the elbow",
                                    "Pressing harder on the strings",
                                    "Stopping between chords",
                                ),
                                explanation="A constant down-up motion keeps time; "
                                "you choose which strokes hit the strings.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    # Business
    Course(
        title="Personal finance basics",
        subject="Business",
        summary="Budget, save and borrow wisely: the money lessons school skipped.",
        overview=(
            "Make a budget you can keep, build an emergency fund, understand "
            "interest and pay off debts in the cheapest order.",
        ),
        modules=(
            Module(
                "Budgeting",
                "A plan for your money, and a cushion for surprises.",
                (
                    Lesson(
                        "Where the money goes",
                        "Tracking spending, and the 50/30/20 rule.",
                        (
                            "A budget is a plan for your money: what comes in, "
                            "what goes out and what is left. Start by tracking "
                            "every expense for a month; most people are surprised "
                            "by the small, frequent ones.",
                            Heading("The 50/30/20 rule"),
                            "A simple starting plan: 50% of take-home pay for "
                            "needs (rent, food, transport), 30% for wants and 20% "
                            "for savings and paying off debt. Adjust the shares to "
                            "your situation; what matters is deciding in advance.",
                            Figure(
                                ("50%  needs", "30%  wants", "20%  savings and debt"),
                                "The 50/30/20 budget: half for needs, 30 per cent "
                                "for wants, 20 per cent for savings and debt.",
                            ),
                        ),
                        (
                            Question(
                                "Take-home pay is 40,000 shillings. How much goes "
                                "to savings under the 50/30/20 rule?",
                                right=("8,000",),
                                wrong=("20,000", "12,000", "4,000"),
                                explanation="20% of 40,000 is 8,000.",
                            ),
                        ),
                    ),
                    Lesson(
                        "An emergency fund",
                        "Savings for the unexpected, and paying yourself first.",
                        (
                            "Unexpected costs, a repair or a lost job, push people "
                            "into expensive debt. An emergency fund of three to "
                            "six months of essential expenses, kept in a savings "
                            "account you can reach quickly, absorbs the shock.",
                            Heading("Pay yourself first"),
                            "Move money to savings on payday, before spending, "
                            "rather than saving whatever is left at the end of the "
                            "month. An automatic transfer makes it a habit.",
                        ),
                        (
                            Question(
                                "How big should an emergency fund usually be?",
                                right=("Three to six months of essential expenses",),
                                wrong=(
                                    "One week's pay",
                                    "Ten years of income",
                                    "Whatever is left at the end of the month",
                                ),
                                explanation="Three to six months of essentials "
                                "covers most shocks.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Borrowing and growing",
                "Interest, for and against you.",
                (
                    Lesson(
                        "Compound interest",
                        "Interest on interest, for savings and debts.",
                        (
                            "Interest is the price of money. Borrow 10,000 at 20% "
                            "a year and you owe 2,000 in interest after a year; "
                            "save at 5% and the bank pays you.",
                            Heading("Interest on interest"),
                            "Compound interest is interest on interest: 1,000 "
                            "saved at 10% a year becomes 1,100 after one year, "
                            "1,210 after two and about 2,594 after ten. The same "
                            "force makes unpaid debts grow fast.",
                        ),
                        (
                            Question(
                                "1,000 is saved at 10% a year, compounded yearly. "
                                "How much is there after two years?",
                                right=("1,210",),
                                wrong=("1,200", "1,100", "1,020"),
                                explanation="1,000 × 1.1 = 1,100, then "
                                "1,100 × 1.1 = 1,210.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Paying off debt",
                        "Good debt, bad debt, and the order to repay.",
                        (
                            "Borrowing at a high rate for something that loses "
                            "value is the most expensive kind of debt. Borrowing at "
                            "a fair rate for something that earns or saves more "
                            "than it costs, such as training or tools for work, "
                            "can pay for itself.",
                            Heading("The avalanche method"),
                            "List your debts with their interest rates. Pay the "
                            "minimum on each, then put every spare shilling on the "
                            "one with the highest rate. This pays the least "
                            "interest overall.",
                        ),
                        (
                            Question(
                                "Under the avalanche method, which debt do you pay "
                                "down first?",
                                right=("The one with the highest interest rate",),
                                wrong=(
                                    "The smallest one",
                                    "The newest one",
                                    "The one from the biggest lender",
                                ),
                                explanation="Clearing the most expensive debt first "
                                "saves the most interest.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Starting a small business",
        subject="Business",
        summary="Test an idea, find your first customers and check that the "
        "numbers add up.",
        overview=(
            "Most new businesses fail for reasons that could have been found "
            "early and cheaply. Check that a problem is worth solving, test "
            "your idea before investing in it, and work out your break-even "
            "point and cash flow.",
        ),
        hours=4,
        access_level="members",
        modules=(
            Module(
                "The idea",
                "A problem worth solving, tested cheaply.",
                (
                    Lesson(
                        "A problem worth solving",
                        "Talk to customers before you build anything.",
                        (
                            "Good businesses start with a problem people already "
                            "spend time or money on. Before you make anything, "
                            "talk to ten possible customers: ask how they deal "
                            "with the problem today, and what that costs them.",
                            Heading("Listen for behaviour, not compliments"),
                            "“I'd definitely buy that” costs nothing to say. Ask "
                            "instead what they did the last time they had the "
                            "problem: someone who has already tried to solve it is "
                            "a real prospect.",
                        ),
                        (
                            Question(
                                "Which is the best evidence that people will pay?",
                                right=("They already pay for a poor solution",),
                                wrong=(
                                    "Friends say it's a great idea",
                                    "Nobody has built it yet",
                                    "You would use it yourself",
                                ),
                                explanation="Money already spent on the problem "
                                "shows that it matters to them.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Testing cheaply",
                        "Pre-orders, market stalls and minimum viable products.",
                        (
                            "Test the idea before investing heavily: take "
                            "pre-orders, sell a small batch at a weekend market or "
                            "offer the service by hand before building anything. "
                            "Each test should answer one question, such as: will "
                            "people pay this price?",
                            Heading("The smallest thing you can sell"),
                            "A minimum viable product is the simplest version that "
                            "still delivers the core value. A catering business "
                            "might start with lunch boxes for one office before "
                            "opening a restaurant.",
                        ),
                        (
                            Question(
                                "What is a minimum viable product?",
                                right=(
                                    "The simplest version that still delivers "
                                    "the core value",
                                ),
                                wrong=(
                                    "A finished product at a low price",
                                    "A product with every feature",
                                    "A free sample",
                                ),
                                explanation="An MVP tests whether the core value "
                                "sells, with the least effort.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "The numbers",
                "Margins, break-even and cash.",
                (
                    Lesson(
                        "Costs, margin and break-even",
                        "How many sales cover your costs.",
                        (
                            "Fixed costs, such as rent and equipment, stay the same "
                            "however much you sell; variable costs, such as "
                            "ingredients and packaging, grow with each sale. Your "
                            "margin on a sale is its price minus its variable "
                            "cost.",
                            Heading("Break-even"),
                            "Divide the fixed costs by the margin per sale to find "
                            "how many sales cover them. With 30,000 shillings of "
                            "monthly rent and a margin of 150 per lunch box, you "
                            "need 200 sales a month to break even.",
                        ),
                        (
                            Question(
                                "Fixed costs are 12,000 a month; each item sells "
                                "for 50 and costs 20 to make. How many sales a "
                                "month break even?",
                                right=("400",),
                                wrong=("240", "600", "171"),
                                explanation="The margin is 50 − 20 = 30, and "
                                "12,000 ÷ 30 = 400.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Cash flow",
                        "Why profitable businesses still run out of money.",
                        (
                            "Profitable businesses still fail when cash runs out: "
                            "you pay suppliers today, but customers pay in 30 "
                            "days. A cash-flow forecast lists, week by week, the "
                            "money expected in and out.",
                            Heading("Keep business money separate"),
                            "Open a separate account for the business from the "
                            "first sale. It makes bookkeeping and taxes simpler "
                            "and shows at a glance whether the business pays its "
                            "way.",
                        ),
                        (
                            Question(
                                "Which of these improve cash flow? Choose all that "
                                "apply.",
                                right=(
                                    "Asking customers for a deposit",
                                    "Invoicing as soon as the work is done",
                                ),
                                wrong=(
                                    "Buying a year of stock up front",
                                    "Paying suppliers before they are due",
                                ),
                                explanation="Being paid sooner helps; paying out "
                                "early or tying money up in stock does the "
                                "opposite.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Marketing on a small budget",
        subject="Business",
        summary="Know your customer, tell a clear story and measure what works, "
        "without a big budget.",
        overview=(
            "Good marketing is knowing who you serve and saying the right thing "
            "where they will hear it. Define your customers, write a clear "
            "message, use channels that cost little and measure what each "
            "customer costs you.",
        ),
        level="intermediate",
        access_level="purchase",
        price=Decimal("24.00"),
        currency="USD",
        modules=(
            Module(
                "Who and what",
                "Your customer and your message.",
                (
                    Lesson(
                        "Know your customer",
                        "A specific group, described on paper.",
                        (
                            "Marketing starts with a clear picture of who you "
                            "serve: their problem, where they look for solutions "
                            "and what makes them trust a seller. “Everyone” is not "
                            "a customer; “parents of primary-school children in "
                            "our town” is.",
                            Heading("Write it down"),
                            "Describe two or three typical customers in a "
                            "paragraph each: their situation, what they want and "
                            "what worries them. Check every message you write "
                            "against these descriptions.",
                        ),
                        (
                            Question(
                                "Which is the most useful description of a target "
                                "customer?",
                                right=("Owners of small bakeries in Nairobi",),
                                wrong=(
                                    "Everyone who eats bread",
                                    "People with money",
                                    "Businesses",
                                ),
                                explanation="A specific group tells you what to say "
                                "and where to find them.",
                            ),
                        ),
                    ),
                    Lesson(
                        "A clear message",
                        "One sentence, and benefits over features.",
                        (
                            "Say what you offer, who it is for and why it is "
                            "better, in one sentence a stranger would understand: "
                            "“Fresh bread delivered to your office by 8 a.m.” "
                            "beats “Quality baked solutions”.",
                            Heading("Benefits over features"),
                            "A feature is what the product has; a benefit is what "
                            "it does for the customer. “The battery lasts 20 "
                            "hours” is a feature; “charge it once for the whole "
                            "trip” is the benefit people buy.",
                        ),
                        (
                            Question(
                                "Which is a benefit rather than a feature?",
                                right=("Never miss a delivery again",),
                                wrong=(
                                    "GPS tracking",
                                    "A 5,000 mAh battery",
                                    "An aluminium case",
                                ),
                                explanation="It says what the customer gains, not "
                                "what the product contains.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Getting found",
                "Cheap channels, and measuring them.",
                (
                    Lesson(
                        "Channels that cost little",
                        "Word of mouth, listings and useful content.",
                        (
                            "Word of mouth is the cheapest channel: make it easy "
                            "by asking happy customers for a review or a "
                            "referral. A listing on online maps, a simple website "
                            "and one social network where your customers already "
                            "spend time cover most small businesses.",
                            Heading("Content that helps"),
                            "Useful content, such as recipes from a food shop or "
                            "care tips from a plant seller, brings people back and "
                            "shows what you know. Publish regularly rather than "
                            "often.",
                        ),
                        (
                            Question(
                                "What is usually the cheapest marketing channel?",
                                right=("Word of mouth from happy customers",),
                                wrong=(
                                    "Television adverts",
                                    "Billboards",
                                    "Paid search adverts",
                                ),
                                explanation="Referrals cost little and come with "
                                "trust.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Measure what works",
                        "Count each campaign's customers, and what they cost.",
                        (
                            "Give each campaign a way to be counted: a discount "
                            "code, a separate link, or simply asking new customers "
                            "how they heard of you. Stop what brings no customers "
                            "and do more of what does.",
                            Heading("Cost per customer"),
                            "Divide what a campaign cost by the customers it "
                            "brought. If flyers cost 5,000 and brought 10 "
                            "customers, each cost 500: worth it only if a "
                            "customer's purchases over time are worth more.",
                        ),
                        (
                            Question(
                                "An advert cost 200 dollars and brought 8 "
                                "customers. What did each customer cost?",
                                right=("25 dollars",),
                                wrong=("8 dollars", "1,600 dollars", "192 dollars"),
                                explanation="200 ÷ 8 = 25 dollars a customer.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    Course(
        title="Bookkeeping for small shops",
        subject="Business",
        summary="Record sales and expenses, read a profit and loss statement and "
        "be ready for tax time.",
        overview=(
            "Good records tell you whether your shop makes money and keep tax "
            "time calm. Keep a cash book, reconcile it with the bank, and read "
            "a profit and loss statement.",
        ),
        hours=4,
        access_level="purchase",
        price=Decimal("2500.00"),
        currency="KES",
        modules=(
            Module(
                "Keeping records",
                "Receipts, invoices and the cash book.",
                (
                    Lesson(
                        "Why keep books",
                        "What records are for, and which to keep.",
                        (
                            "Bookkeeping is recording every sum of money that "
                            "comes into or goes out of the business. Good records "
                            "show whether you are making money, which products "
                            "sell and what you owe, and they are what the tax "
                            "office will ask to see.",
                            Heading("Receipts and invoices"),
                            "Keep a receipt for every purchase and a copy of every "
                            "invoice or sales receipt you issue, numbered in "
                            "order. A photo on your phone, filed by month, beats a "
                            "shoebox.",
                        ),
                        (
                            Question(
                                "Why number your invoices in order?",
                                right=("So that none can go missing unnoticed",),
                                wrong=(
                                    "To make them look official",
                                    "Because customers require it",
                                    "To pay less tax",
                                ),
                                explanation="A gap in the sequence shows at once "
                                "that a document is missing.",
                            ),
                        ),
                    ),
                    Lesson(
                        "The cash book",
                        "One line per transaction, and a running balance.",
                        (
                            "The simplest system is a cash book: one line per "
                            "transaction, with its date, a description, the money "
                            "in or out and the running balance. At the end of each "
                            "day the balance should match the cash in the till.",
                            Code(
                                "text",
                                "Date   Description       In      Out     Balance\n"
                                "1 May  Opening balance                   5,000\n"
                                "1 May  Sales             3,200           8,200\n"
                                "2 May  Flour, 2 bags             2,400   5,800\n"
                                "2 May  Sales             2,900           8,700",
                            ),
                            Heading("Reconcile every month"),
                            "Once a month, compare your records with the bank and "
                            "mobile-money statements line by line. Anything on one "
                            "but not the other is an error to fix or a payment you "
                            "forgot to record.",
                        ),
                        (
                            Question(
                                "The balance is 8,200. You pay 2,400 for flour, "
                                "then sell goods for 2,900. What is the new "
                                "balance?",
                                right=("8,700",),
                                wrong=("13,500", "3,300", "7,700"),
                                explanation="8,200 − 2,400 + 2,900 = 8,700.",
                            ),
                        ),
                    ),
                ),
            ),
            Module(
                "Reading the numbers",
                "Profit and loss, and why profit is not cash.",
                (
                    Lesson(
                        "Profit and loss",
                        "From sales to gross profit to net profit.",
                        (
                            "A profit and loss statement covers a period, such as "
                            "a month. It lists sales, subtracts the cost of the "
                            "goods sold to give the gross profit, then subtracts "
                            "running costs such as rent and wages to give the net "
                            "profit.",
                            Heading("An example"),
                            "A shop sells 120,000 worth of goods in a month that "
                            "cost it 70,000, a gross profit of 50,000. Rent, wages "
                            "and power cost 35,000, leaving a net profit of "
                            "15,000.",
                        ),
                        (
                            Question(
                                "Sales are 80,000, the cost of goods sold 50,000 "
                                "and running costs 20,000. What is the net profit?",
                                right=("10,000",),
                                wrong=("30,000", "60,000", "−10,000"),
                                explanation="Gross profit is 80,000 − 50,000 = "
                                "30,000; less 20,000 of running costs leaves "
                                "10,000.",
                            ),
                        ),
                    ),
                    Lesson(
                        "Profit is not cash",
                        "Credit, stock and setting money aside for tax.",
                        (
                            "A month can show a profit while the till is empty: "
                            "customers on credit have not paid yet, or you bought "
                            "stock for next month. Watch the cash balance as well "
                            "as the profit.",
                            Heading("Getting ready for tax"),
                            "Keep your records for as long as the law requires, "
                            "often five to seven years, keep business and personal "
                            "spending apart and set aside part of each month's "
                            "profit for tax, so the bill is never a surprise.",
                        ),
                        (
                            Question(
                                "What can leave a profitable shop short of cash? "
                                "Choose all that apply.",
                                right=(
                                    "Customers buying on credit",
                                    "Buying a lot of stock in advance",
                                ),
                                wrong=(
                                    "Recording every sale",
                                    "Reconciling with the bank",
                                ),
                                explanation="Credit sales and stock tie up cash; "
                                "good records only help you see it.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
