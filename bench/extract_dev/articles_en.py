# English development articles (written by the Kembar team in the style of wire and
# city-hall news; places real, agreements and details partly invented).
ARTICLES = [
    (
        "en01",
        "2023-04-18",
        """Leeds and Dortmund renew twinning agreement after 50 years

The cities of Leeds and Dortmund have renewed their twinning agreement, marking half a century of friendship. The Lord Mayor of Leeds and the Mayor of Dortmund, Thomas Westphal, signed the renewal at Leeds Civic Hall on April 17, 2023.

Under the renewed agreement the two cities will cooperate on climate action, youth exchanges and culture.
""",
        [
            (
                "Leeds",
                "GB",
                ["Dortmund"],
                "DE",
                "sister_city",
                "agreement",
                "renewed",
                "2023-04-17",
                ["environment_climate", "youth_sports", "culture"],
            ),
        ],
    ),
    (
        "en02",
        None,
        """Perth signs sister city agreement with Kobe... again

Perth and Kobe have been sister cities since 1972. This week the City of Perth hosted a delegation from Kobe to discuss new projects in education and tourism, but no new agreement was signed.
""",
        [
            ("Perth", "AU", ["Kobe"], "JP", "sister_city", "unspecified", "existing", "1972", []),
        ],
    ),
    (
        "en03",
        "2024-09-10",
        """Nairobi and Kampala explore partnership on urban mobility

Nairobi City County and Kampala Capital City Authority are exploring a cooperation agreement focused on urban mobility and waste management, officials said on Monday. A memorandum of understanding is expected to be signed next year.
""",
        [
            (
                "Nairobi|Nairobi City|Nairobi City County",
                "KE",
                ["Kampala"],
                "UG",
                "cooperation",
                "mou",
                "planned",
                None,
                ["transport", "waste"],
            ),
        ],
    ),
    (
        "en04",
        None,
        """US and Vietnam upgrade ties

The United States and Vietnam upgraded their relationship to a comprehensive strategic partnership during a state visit to Hanoi. The two countries agreed to cooperate on semiconductors and critical minerals.
""",
        [],
    ),
    (
        "en05",
        "2022-06-02",
        """Adelaide and Qingdao mark friendship city anniversary

Adelaide and Qingdao celebrated the 8th anniversary of their friendship city relationship on Wednesday. The relationship, formalised in 2014, covers trade, education and tourism.

Adelaide also has sister city ties with Himeji in Japan and Christchurch in New Zealand.
""",
        [
            (
                "Adelaide",
                "AU",
                ["Qingdao"],
                "CN",
                "friendship_city",
                "unspecified",
                "existing",
                "2014",
                ["economy_trade", "education", "tourism"],
            ),
            ("Adelaide", "AU", ["Himeji"], "JP", "sister_city", "unspecified", "existing", None, []),
            ("Adelaide", "AU", ["Christchurch"], "NZ", "sister_city", "unspecified", "existing", None, []),
        ],
    ),
    (
        "en06",
        "2024-11-05",
        """Penang and Medan sign MoU on tourism and trade

GEORGE TOWN - The Penang state government and the Medan city government signed a memorandum of understanding on Monday, November 4, 2024, to boost tourism and trade links across the Strait of Malacca. The MoU was signed by Penang Chief Minister Chow Kon Yeow and Medan Mayor Bobby Nasution.
""",
        [
            (
                "Penang",
                "MY",
                ["Medan"],
                "ID",
                "cooperation",
                "mou",
                "signed",
                "2024-11-04",
                ["tourism", "economy_trade"],
            ),
        ],
    ),
    (
        "en07",
        None,
        """City council approves plan for sister city with Cusco

The Jersey City council voted on Tuesday to approve a plan to establish a sister city relationship with Cusco, Peru. The mayor is expected to travel to Peru to sign a letter of intent later this year.
""",
        [
            ("Jersey City", "US", ["Cusco", "Cuzco"], "PE", "sister_city", "loi", "planned", None, []),
        ],
    ),
    (
        "en08",
        "2023-02-01",
        """Toronto opens new transit line

Toronto opened a new light rail line on Tuesday, connecting the city's east end with downtown. The project cost 12 billion dollars and took nine years to complete.
""",
        [],
    ),
    (
        "en09",
        "2021-10-12",
        """Kaohsiung and Miami-Dade County sign sister city pact

Kaohsiung, Taiwan, and Miami-Dade County, Florida, signed a sister city agreement on October 11, 2021, in a virtual ceremony. The agreement focuses on port development, disaster preparedness and tourism.
""",
        [
            (
                "Kaohsiung",
                "TW",
                ["Miami-Dade", "Miami-Dade County"],
                "US",
                "sister_city",
                "agreement",
                "signed",
                "2021-10-11",
                ["disaster_water", "tourism"],
            ),
        ],
    ),
    (
        "en10",
        None,
        """Bandung hosts Asia-Africa smart city forum

Delegates from 30 cities attended the Asia-Africa smart city forum in Bandung this week. The forum featured 25 speakers and drew more than 400 participants from government and industry.
""",
        [],
    ),
    (
        "en11",
        "2019-05-20",
        """Edinburgh and Kyoto: 25 years of twinning

Edinburgh and Kyoto have been twin cities since 1994. To mark the anniversary, the two cities will hold a joint exhibition of traditional crafts in Kyoto in October 2019.
""",
        [
            ("Edinburgh", "GB", ["Kyoto"], "JP", "sister_city", "unspecified", "existing", "1994", []),
        ],
    ),
    (
        "en12",
        "2024-07-15",
        """Cebu City and Surabaya agree to deepen ties

Cebu City and Surabaya signed a letter of intent on July 12, 2024 to become sister cities, with cooperation planned in health, education and waste management. Officials said an MoU could follow within a year.
""",
        [
            (
                "Cebu City",
                "PH",
                ["Surabaya"],
                "ID",
                "sister_city",
                "loi",
                "signed",
                "2024-07-12",
                ["health", "education", "waste"],
            ),
        ],
    ),
    (
        "en13",
        None,
        """Governors discuss provincial cooperation

The governors of Ontario and Jiangsu met in Nanjing to discuss extending their sister province agreement, first signed in 1985, into clean energy and innovation. Both sides said they intend to renew the agreement next year.
""",
        [
            (
                "Ontario",
                "CA",
                ["Jiangsu"],
                "CN",
                "sister_city",
                "agreement",
                "planned",
                None,
                ["energy", "technology_innovation"],
            ),
        ],
    ),
]
